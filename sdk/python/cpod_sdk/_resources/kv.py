"""Small JSON values by key, with versions, TTLs and atomic counters (``/v1/kv``)."""

from __future__ import annotations

from typing import Any, Literal

from .._call import Call, JsonBody, RequestOptions, segment
from .._generated.models.kv_entry import KvEntry
from .._generated.models.kv_list_item import KvListItem
from .._pagination import AsyncPager, ListResult, Pager, list_result
from .._runner import AsyncRunner, Runner, compact, json_of, nothing

Tier = Literal["private", "user", "shared"]
"""Who shares a key or file: this app (default), the token's user across apps, or the tenant."""


def _entry(response: Any) -> KvEntry:
    return KvEntry.from_dict(json_of(response))


def get_call(key: str, tier: Tier | None) -> Call[KvEntry]:
    return Call("GET", f"/v1/kv/{segment(key)}", _entry, query={"tier": tier})


def set_call(
    key: str, value: object, ttl_seconds: int | None, if_version: int | None, tier: Tier | None
) -> Call[KvEntry]:
    body = {"value": value, **compact(ttl_seconds=ttl_seconds, if_version=if_version)}
    return Call("PUT", f"/v1/kv/{segment(key)}", _entry, query={"tier": tier}, body=JsonBody(body))


def delete_call(key: str, if_version: int | None, tier: Tier | None) -> Call[None]:
    query = {"tier": tier, "if_version": if_version}
    return Call("DELETE", f"/v1/kv/{segment(key)}", nothing, query=query)


def incr_call(key: str, by: int, tier: Tier | None) -> Call[int]:
    def value(response: Any) -> int:
        return int(json_of(response)["value"])

    return Call("POST", f"/v1/kv/{segment(key)}/incr", value, query={"tier": tier}, body=JsonBody({"by": by}))


def list_call(
    cursor: str | None, prefix: str | None, limit: int | None, tier: Tier | None
) -> Call[ListResult[KvListItem]]:
    query = {"tier": tier, "prefix": prefix, "limit": limit, "cursor": cursor}
    return Call("GET", "/v1/kv", lambda r: list_result(json_of(r), KvListItem.from_dict), query=query)


class Kv:
    """``client.kv``. A missing key raises ``NotFoundError``; ``if_version`` turns a write into
    compare-and-set (``PreconditionFailedError`` when stale; ``0`` means only if absent).

    Example::

        client.kv.set("cart:42", {"items": 2}, ttl_seconds=3600)
        entry = client.kv.get("cart:42")
    """

    def __init__(self, runner: Runner) -> None:
        self._run = runner.run

    def get(self, key: str, *, tier: Tier | None = None, options: RequestOptions | None = None) -> KvEntry:
        """Reads an entry."""
        return self._run(get_call(key, tier), options)

    def set(
        self,
        key: str,
        value: object,
        *,
        ttl_seconds: int | None = None,
        if_version: int | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> KvEntry:
        """Creates or replaces an entry; returns it with its new version."""
        return self._run(set_call(key, value, ttl_seconds, if_version, tier), options)

    def delete(
        self,
        key: str,
        *,
        if_version: int | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        """Deletes an entry; deleting a missing key succeeds, so a retried delete cannot fail."""
        self._run(delete_call(key, if_version, tier), options)

    def incr(self, key: str, by: int = 1, *, tier: Tier | None = None, options: RequestOptions | None = None) -> int:
        """Atomically adds ``by`` to an integer entry; returns the new value. Retries reuse the
        call's ``Idempotency-Key``, so a retried increment counts once."""
        return self._run(incr_call(key, by, tier), options)

    def list(
        self,
        *,
        prefix: str | None = None,
        limit: int | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[KvListItem]:
        """Keys (not values) in lexicographic order, page by page as you iterate."""
        return Pager(lambda cursor: self._run(list_call(cursor, prefix, limit, tier), options))


class AsyncKv:
    """``AsyncCpodClient.kv``: the same operations as ``Kv``, awaitable."""

    def __init__(self, runner: AsyncRunner) -> None:
        self._run = runner.run

    async def get(self, key: str, *, tier: Tier | None = None, options: RequestOptions | None = None) -> KvEntry:
        return await self._run(get_call(key, tier), options)

    async def set(
        self,
        key: str,
        value: object,
        *,
        ttl_seconds: int | None = None,
        if_version: int | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> KvEntry:
        return await self._run(set_call(key, value, ttl_seconds, if_version, tier), options)

    async def delete(
        self,
        key: str,
        *,
        if_version: int | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        await self._run(delete_call(key, if_version, tier), options)

    async def incr(
        self, key: str, by: int = 1, *, tier: Tier | None = None, options: RequestOptions | None = None
    ) -> int:
        return await self._run(incr_call(key, by, tier), options)

    def list(
        self,
        *,
        prefix: str | None = None,
        limit: int | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[KvListItem]:
        return AsyncPager(lambda cursor: self._run(list_call(cursor, prefix, limit, tier), options))
