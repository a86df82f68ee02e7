"""What resource classes call: a runner sends a ``Call`` with the right credentials and the
client's transport. Resources never see tokens or the retry machinery."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

import httpx

from ._call import Call, RequestOptions

T = TypeVar("T")


class Runner(Protocol):
    """The sync client's side of a resource."""

    def run(self, call: Call[T], options: RequestOptions | None) -> T: ...


class AsyncRunner(Protocol):
    """The async client's side of a resource."""

    async def run(self, call: Call[T], options: RequestOptions | None) -> T: ...


def json_of(response: httpx.Response) -> Any:
    """The response body as JSON (None for an empty body)."""
    return response.json() if response.content else None


def nothing(response: httpx.Response) -> None:
    """For calls whose success carries no body the caller needs (deletes)."""
    return None


def compact(**members: object) -> dict[str, object]:
    """A JSON object without the members left at None (optional fields the caller did not set)."""
    return {name: value for name, value in members.items() if value is not None}
