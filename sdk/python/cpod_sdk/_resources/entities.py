"""CRUD on the EDM entity types under ``/v1/entities/{plural}``: one generic resource serves
every type, typed by its generated model.

Create and update send the caller's mapping as JSON. Once the contract's ``PersonCreate`` /
``PersonUpdate`` (and the other types') schemas generate, their models can be accepted here too
(``_json_default`` already serialises any generated model through ``to_dict``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, Generic, Protocol, TypeVar

from .._call import Call, JsonBody, RequestOptions, segment
from .._pagination import AsyncPager, ListResult, Pager, list_result
from .._runner import AsyncRunner, Runner, json_of, nothing


class _Model(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


E = TypeVar("E")

Filter = Mapping[str, Any]
"""The contract's Mongo-style filter on indexed fields, e.g. ``{"email": {"$exists": True}}``."""
Fields = Mapping[str, Any]
"""Entity fields to create or change, as the contract names them (``display_name``, ...)."""


def _if_match(version: int | None) -> Mapping[str, str | None]:
    return {"if-match": None if version is None else f'"{version}"'}


class _Calls(Generic[E]):
    """The calls of one entity type: its URL and how to build its model from JSON."""

    def __init__(self, plural: str, model: Callable[[Mapping[str, Any]], E]) -> None:
        self.base = f"/v1/entities/{plural}"
        self.model = model

    def _one(self, response: Any) -> E:
        return self.model(json_of(response))

    def list(
        self, cursor: str | None, filter: Filter | None, sort: str | None, limit: int | None
    ) -> Call[ListResult[E]]:
        encoded = json.dumps(filter, separators=(",", ":")) if filter else None
        query = {"filter": encoded, "sort": sort, "limit": limit, "cursor": cursor}
        return Call("GET", self.base, lambda r: list_result(json_of(r), self.model), query=query)

    def create(self, fields: Fields | _Model) -> Call[E]:
        return Call("POST", self.base, self._one, body=JsonBody(fields))

    def get(self, id: str) -> Call[E]:
        return Call("GET", f"{self.base}/{segment(id)}", self._one)

    def update(self, id: str, patch: Fields | _Model, if_version: int | None) -> Call[E]:
        path = f"{self.base}/{segment(id)}"
        return Call("PATCH", path, self._one, headers=_if_match(if_version), body=JsonBody(patch))

    def delete(self, id: str, if_version: int | None) -> Call[None]:
        return Call("DELETE", f"{self.base}/{segment(id)}", nothing, headers=_if_match(if_version))


class EntityResource(Generic[E]):
    """One entity type, e.g. ``client.entities.people``.

    Example::

        ada = client.entities.people.create({"display_name": "Ada Lovelace"})
        client.entities.people.update(ada.id, {"email": "ada@example.org"}, if_version=ada.version)
    """

    def __init__(self, runner: Runner, plural: str, model: Callable[[Mapping[str, Any]], E]) -> None:
        self._run = runner.run
        self._calls = _Calls(plural, model)

    def list(
        self,
        *,
        filter: Filter | None = None,
        sort: str | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[E]:
        """Pages through the entities; a filter on a field that is not indexed is ``ValidationError``."""
        return Pager(lambda cursor: self._run(self._calls.list(cursor, filter, sort, limit), options))

    def create(self, fields: Fields | _Model, *, options: RequestOptions | None = None) -> E:
        """Creates an entity; a retried create reuses its ``Idempotency-Key``, so it is created once."""
        return self._run(self._calls.create(fields), options)

    def get(self, id: str, *, options: RequestOptions | None = None) -> E:
        """Reads one entity; a missing, soft-deleted or foreign id raises ``NotFoundError``."""
        return self._run(self._calls.get(id), options)

    def update(
        self, id: str, patch: Fields | _Model, *, if_version: int | None = None, options: RequestOptions | None = None
    ) -> E:
        """Changes the given fields; ``if_version`` sends ``If-Match`` (``PreconditionFailedError`` when stale)."""
        return self._run(self._calls.update(id, patch, if_version), options)

    def delete(self, id: str, *, if_version: int | None = None, options: RequestOptions | None = None) -> None:
        """Soft-deletes the entity (hidden from get and list, kept for audit)."""
        self._run(self._calls.delete(id, if_version), options)


class AsyncEntityResource(Generic[E]):
    """One entity type for the async client; the same operations as ``EntityResource``."""

    def __init__(self, runner: AsyncRunner, plural: str, model: Callable[[Mapping[str, Any]], E]) -> None:
        self._run = runner.run
        self._calls = _Calls(plural, model)

    def list(
        self,
        *,
        filter: Filter | None = None,
        sort: str | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[E]:
        return AsyncPager(lambda cursor: self._run(self._calls.list(cursor, filter, sort, limit), options))

    async def create(self, fields: Fields | _Model, *, options: RequestOptions | None = None) -> E:
        return await self._run(self._calls.create(fields), options)

    async def get(self, id: str, *, options: RequestOptions | None = None) -> E:
        return await self._run(self._calls.get(id), options)

    async def update(
        self, id: str, patch: Fields | _Model, *, if_version: int | None = None, options: RequestOptions | None = None
    ) -> E:
        return await self._run(self._calls.update(id, patch, if_version), options)

    async def delete(self, id: str, *, if_version: int | None = None, options: RequestOptions | None = None) -> None:
        await self._run(self._calls.delete(id, if_version), options)
