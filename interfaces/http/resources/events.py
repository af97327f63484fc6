"""The ordered event feed, and the changes recorded between two times, for review."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from interfaces.http.json_numbers import Blueprint
from interfaces.http.reading import MAY_CHANGE, cache_headers, read_between, signed
from interfaces.http.requests import container
from interfaces.http.schemas.events import (
    ChangesArgsSchema,
    ChangesPageSchema,
    EventFeedArgsSchema,
    EventFeedSchema,
)

blp = Blueprint(
    "events",
    __name__,
    url_prefix="/api/v1",
    description="The event feed for reporting jobs, and changes for review.",
)
CHANGES = ("audit_trail",)


@blp.route("/events")
class EventFeed(MethodView):
    @blp.arguments(EventFeedArgsSchema, location="query")
    @blp.response(200, EventFeedSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Stored events in position order after `after`, in whole saves; positions have gaps."""
        feed = container().queries.events.feed(args["after"], args["limit"])
        # The last page grows as saves are recorded, and stored events are upcast to the
        # running release's shapes: no page is sent as one that never changes.
        return feed, 200, {"Cache-Control": MAY_CHANGE}


@blp.route("/changes")
class Changes(MethodView):
    @blp.arguments(ChangesArgsSchema, location="query")
    @blp.response(200, ChangesPageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """What was recorded after `from` up to `to` (times or positions), in recorded order."""
        after, to = read_between(args, CHANGES)
        page = container().queries.changes.recorded(after, to, args["limit"])
        return signed(page, to), 200, cache_headers(to)
