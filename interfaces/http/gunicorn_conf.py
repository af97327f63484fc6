"""Gunicorn's settings: `gunicorn -c python:interfaces.http.gunicorn_conf interfaces.http.wsgi:app`
(with -w and -b as needed). Errors that gunicorn answers itself are problem documents."""

from __future__ import annotations

worker_class = "interfaces.http.gunicorn_worker.ProblemWorker"
# A request still running after this many seconds is stopped and answered 503.
timeout = 30
