"""Cursor pagination, sync and async: pages fetched as you iterate, the first page once."""

from __future__ import annotations

import asyncio

import httpx

from .fakes import FakeClock, Gateway, async_client, sync_client

PAGES = {
    None: {"items": [{"key": "a", "version": 1, "expires_at": None}], "next_cursor": "c2"},
    "c2": {"items": [{"key": "b", "version": 1, "expires_at": None}], "next_cursor": "c3"},
    "c3": {"items": [{"key": "c", "version": 2, "expires_at": None}], "next_cursor": None},
}


def _pages(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=PAGES[request.url.params.get("cursor")])


def test_iterating_a_pager_walks_every_page() -> None:
    gateway = Gateway(_pages)
    with sync_client(gateway, FakeClock()) as client:
        pager = client.kv.list(prefix="p", limit=1)
        assert gateway.calls == []  # nothing fetched until used
        assert [item.key for item in pager] == ["a", "b", "c"]
        first = pager.first_page()
        assert [len(page.items) for page in first.pages()] == [1, 1, 1]
    params = [dict(r.url.params) for r in gateway.calls]
    assert params[:3] == [
        {"prefix": "p", "limit": "1"},
        {"prefix": "p", "limit": "1", "cursor": "c2"},
        {"prefix": "p", "limit": "1", "cursor": "c3"},
    ]
    assert len(gateway.calls) == 5  # the first page was fetched once


def test_last_page_has_no_next() -> None:
    gateway = Gateway(_pages)
    with sync_client(gateway, FakeClock()) as client:
        page = client.kv.list().first_page()
        while page.has_next_page():
            page = page.next_page()
        assert page.next_cursor is None and page.items[0].key == "c"


def test_async_pager_is_awaitable_and_async_iterable() -> None:
    async def scenario() -> None:
        gateway = Gateway(_pages)
        async with async_client(gateway, FakeClock()) as client:
            first = await client.kv.list()
            assert first.has_next_page() and first.items[0].key == "a"
            assert [item.key async for item in client.kv.list()] == ["a", "b", "c"]
            sizes = [len(page.items) async for page in client.kv.list().pages()]
            assert sizes == [1, 1, 1]

    asyncio.run(scenario())
