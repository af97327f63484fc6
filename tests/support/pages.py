"""Reading a whole list over HTTP, page by page."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api


def every_page(api: Api, path: str, **params: Any) -> list[list[dict[str, Any]]]:
    """Each page's items, following `next_cursor` to the last page (the filters repeated
    with each cursor, which carries only where the first page was read)."""
    pages = []
    response = api.get(path, **params)
    while True:
        assert response.status_code == 200, response.get_json()
        answer = response.get_json()
        pages.append(answer["items"])
        if answer["next_cursor"] is None:
            return pages
        response = api.get(path, **params, cursor=answer["next_cursor"])


def listed(api: Api, path: str, **params: Any) -> list[dict[str, Any]]:
    """The items of a list's first page; fails unless it answers 200."""
    response = api.get(path, **params)
    assert response.status_code == 200, response.get_json()
    items: list[dict[str, Any]] = response.get_json()["items"]
    return items


def refused(api: Api, path: str, **params: Any) -> dict[str, Any]:
    """The problem a list answers with 422."""
    response = api.get(path, **params)
    assert response.status_code == 422, response.get_json()
    problem: dict[str, Any] = response.get_json()
    return problem
