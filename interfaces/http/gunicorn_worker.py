"""Gunicorn's sync worker, answering what gunicorn answers itself (a request it cannot
parse, one stopped at the worker timeout) with RFC 9457 problem documents, never HTML."""

from __future__ import annotations

import json
from typing import Any

from gunicorn import util
from gunicorn.workers.sync import SyncWorker

from interfaces.http.errors import PROBLEM_JSON, RETRY_AFTER_SECONDS


def write_problem(sock: Any, status: int, reason: str, detail: str) -> None:
    """Gunicorn's `util.write_error`, writing a problem document instead of an HTML page."""
    body = json.dumps(
        {"type": "about:blank", "title": reason, "status": status, "detail": detail or reason}
    ).encode()
    retry = f"Retry-After: {RETRY_AFTER_SECONDS}\r\n" if status == 503 else ""
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: {PROBLEM_JSON}\r\n"
        f"Content-Length: {len(body)}\r\n{retry}\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


class ProblemWorker(SyncWorker):  # type: ignore[misc]  # gunicorn is untyped
    def init_process(self) -> None:
        # Gunicorn writes every error page of its own through util.write_error; in this
        # worker process, that writes problem documents.
        util.write_error = write_problem
        super().init_process()

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        if not isinstance(exc, SystemExit):
            super().handle_error(req, client, addr, exc)
            return
        # The arbiter aborted the worker at its timeout (or told it to quit at once) while
        # the request ran: it did not finish, and a write may or may not have been saved.
        where = f" {req.method} {req.uri}" if req is not None else ""
        self.log.error("request%s stopped after the worker timeout (%s s)", where, self.cfg.timeout)
        write_problem(
            client,
            503,
            "Service Unavailable",
            f"the request was stopped after {self.cfg.timeout} s, the worker timeout; retry it"
            " (a write with the same Idempotency-Key is then written once)",
        )
