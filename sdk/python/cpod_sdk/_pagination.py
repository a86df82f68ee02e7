"""Cursor pagination: every list in the contract is ``{items, next_cursor}``.

A ``Page`` is one page; a ``Pager`` is what ``list()`` returns: iterate it for every item of
every page (fetched as you go), or call ``first_page()`` / ``pages()``. ``AsyncPage`` and
``AsyncPager`` are the asyncio twins (``await pager`` is the first page, ``async for`` walks
the items).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class ListResult(Generic[T]):
    """One list response: its items and the cursor of the next page (None on the last)."""

    items: list[T]
    next_cursor: str | None


PageFetcher = Callable[[str | None], ListResult[T]]
AsyncPageFetcher = Callable[[str | None], Awaitable[ListResult[T]]]


class Page(Generic[T]):
    """One page; iterating it walks its items and then every following page.

    Example::

        page = client.kv.list(limit=10).first_page()
        while page.has_next_page():
            page = page.next_page()
    """

    def __init__(self, result: ListResult[T], fetch: PageFetcher[T]) -> None:
        self.items = result.items
        self.next_cursor = result.next_cursor
        self._fetch = fetch

    def has_next_page(self) -> bool:
        """True when the server said there are more items."""
        return self.next_cursor is not None

    def next_page(self) -> Page[T]:
        """The next page; ``IndexError`` on the last page (check ``has_next_page()`` first)."""
        if self.next_cursor is None:
            raise IndexError("this is the last page")
        return Page(self._fetch(self.next_cursor), self._fetch)

    def pages(self) -> Iterator[Page[T]]:
        """This page and every following one, fetched one at a time."""
        page = self
        yield page
        while page.has_next_page():
            page = page.next_page()
            yield page

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items


class Pager(Generic[T]):
    """What a sync ``list()`` returns. Nothing is fetched until used; the first page once."""

    def __init__(self, fetch: PageFetcher[T]) -> None:
        self._fetch = fetch
        self._first: Page[T] | None = None

    def first_page(self) -> Page[T]:
        if self._first is None:
            self._first = Page(self._fetch(None), self._fetch)
        return self._first

    def pages(self) -> Iterator[Page[T]]:
        return self.first_page().pages()

    def __iter__(self) -> Iterator[T]:
        return iter(self.first_page())


class AsyncPage(Generic[T]):
    """One page for the async client; ``async for`` walks its items and the following pages."""

    def __init__(self, result: ListResult[T], fetch: AsyncPageFetcher[T]) -> None:
        self.items = result.items
        self.next_cursor = result.next_cursor
        self._fetch = fetch

    def has_next_page(self) -> bool:
        return self.next_cursor is not None

    async def next_page(self) -> AsyncPage[T]:
        if self.next_cursor is None:
            raise IndexError("this is the last page")
        return AsyncPage(await self._fetch(self.next_cursor), self._fetch)

    async def pages(self) -> AsyncIterator[AsyncPage[T]]:
        page = self
        yield page
        while page.has_next_page():
            page = await page.next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item


class AsyncPager(Generic[T]):
    """What an async ``list()`` returns: ``await`` it for the first page, ``async for`` it for
    every item of every page."""

    def __init__(self, fetch: AsyncPageFetcher[T]) -> None:
        self._fetch = fetch
        self._first: AsyncPage[T] | None = None

    async def first_page(self) -> AsyncPage[T]:
        if self._first is None:
            self._first = AsyncPage(await self._fetch(None), self._fetch)
        return self._first

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self.first_page().__await__()

    async def pages(self) -> AsyncIterator[AsyncPage[T]]:
        async for page in (await self.first_page()).pages():
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        async for item in await self.first_page():
            yield item


def list_result(data: Any, item: Callable[[Any], T]) -> ListResult[T]:
    """A list response's JSON as a ``ListResult``, each item built by ``item`` (a model's ``from_dict``)."""
    return ListResult([item(each) for each in data["items"]], data.get("next_cursor"))
