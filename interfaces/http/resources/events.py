"""The ordered event feed, and the changes recorded between two times, for review."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask.views import MethodView

from application.app import translate_store_errors
from domain.event_data import event_data, event_type
from interfaces.http.json_numbers import Blueprint
from interfaces.http.reading import (
    MAY_CHANGE,
    as_of_json,
    cache_headers,
    cursor_after,
    next_cursor,
    read_at,
)
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
        with translate_store_errors():
            recorded = container().follower.source.read(args["after"], args["limit"])
        events = [
            {
                "position": r.position,
                "type": event_type(r.event),
                "aggregate_type": event_type(r.event).split(".")[0],
                "aggregate_id": r.event.originator_id,
                "version": r.event.originator_version,
                "timestamp": r.event.timestamp,
                "recorded_at": r.recorded_at,
                "save_end": r.save_end,
                "data": event_data(r.event),
            }
            for r in recorded
        ]
        last = recorded[-1].position if recorded else args["after"]
        # The last page grows as saves are recorded, and stored events are upcast to the
        # running release's shapes: no page is sent as one that never changes.
        return {"events": events, "last_position": last}, 200, {"Cache-Control": MAY_CHANGE}


@blp.route("/changes")
class Changes(MethodView):
    @blp.arguments(ChangesArgsSchema, location="query")
    @blp.response(200, ChangesPageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """What was recorded after `from` up to `to` (times or positions), in recorded order."""
        resolver = container().resolver
        # Valid time plays no part: the answer is pinned when `to` and `from` are (a
        # later page when its first was), and says `valid_at: null`.
        today = resolver.now().date()
        to = read_at({**args, "known_at": args["to"], "valid_at": today}, CHANGES)
        start = resolver.resolve(CHANGES, today, args["from_"]) if args["from_"] else None
        to = replace(to, pinned=to.pinned and (start is None or start.pinned))
        after = cursor_after(args) or (start.position if start else 0)
        with container().db.reading() as cursor:
            items = container().views.audit.changes(cursor, after, to.position, args["limit"])
        last = items[-1].position if items else None
        page = {
            "items": items,
            "next_cursor": next_cursor(to, last, len(items) == args["limit"]),
            "as_of": {**as_of_json(to), "valid_at": None},
        }
        return page, 200, cache_headers(to)
