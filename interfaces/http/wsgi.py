"""WSGI entry for gunicorn: `gunicorn interfaces.http.wsgi:app`.

Gunicorn imports this module in each worker after forking (do not use --preload), so every
worker builds its own application and connection pools. Create tables once beforehand with
`styrlogg init-db` and run workers with CREATE_TABLE=n; run `styrlogg follow` beside them.
"""

from __future__ import annotations

from interfaces.bootstrap import bootstrap
from interfaces.http.app import create_app
from interfaces.settings import Settings

app = create_app(bootstrap(Settings.from_env()))
