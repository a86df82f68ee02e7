"""Upload bodies and download handles of ``files``: streamed both ways, never buffered by the SDK
unless you ask (``read()``)."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import IO, cast

import httpx

from ._call import Content, RawBody

CHUNK = 64 * 1024

UploadSource = bytes | bytearray | memoryview | str | IO[bytes] | Iterable[bytes]
"""What the sync ``files.upload`` accepts: bytes, text, a binary file object, or an iterable of chunks."""
AsyncUploadSource = UploadSource | AsyncIterable[bytes]
"""What the async ``files.upload`` accepts: the sync sources plus an async iterable of chunks."""


@dataclass(frozen=True)
class UploadProgress:
    """Bytes handed to the network so far, and the total when known up front."""

    loaded: int
    total: int | None


OnProgress = Callable[[UploadProgress], None]


@dataclass(frozen=True)
class PreparedUpload:
    """The request body of an upload and, for in-memory sources, its SHA-256 (hex)."""

    body: RawBody
    sha256: str | None


def _chunks(data: bytes) -> Iterator[bytes]:
    for offset in range(0, len(data), CHUNK):
        yield data[offset : offset + CHUNK]


def _read_file(file: IO[bytes]) -> Iterator[bytes]:
    while chunk := file.read(CHUNK):
        yield chunk


def _counted(chunks: Iterable[bytes], total: int | None, on_progress: OnProgress) -> Iterator[bytes]:
    loaded = 0
    for chunk in chunks:
        loaded += len(chunk)
        yield chunk
        on_progress(UploadProgress(loaded, total))


async def _acounted(
    chunks: AsyncIterable[bytes], total: int | None, on_progress: OnProgress | None
) -> AsyncIterator[bytes]:
    loaded = 0
    async for chunk in chunks:
        loaded += len(chunk)
        yield chunk
        if on_progress:
            on_progress(UploadProgress(loaded, total))


def _once(open_: Callable[[], Content]) -> Callable[[], Content]:
    opened = False

    def open_once() -> Content:
        nonlocal opened
        if opened:
            raise RuntimeError("a stream upload cannot be sent twice")
        opened = True
        return open_()

    return open_once


def prepare_upload(
    source: UploadSource | AsyncIterable[bytes], content_type: str | None, on_progress: OnProgress | None
) -> PreparedUpload:
    """Bytes and text are re-sent on retry and hashed up front; a seekable file is re-read from
    where it stood; any other stream can be read once, so its upload is sent once (a failure
    surfaces to the caller, who can reopen the source)."""
    if isinstance(source, (bytes, bytearray, memoryview, str)):
        data = source.encode() if isinstance(source, str) else bytes(source)
        default = "text/plain; charset=utf-8" if isinstance(source, str) else "application/octet-stream"

        def open_bytes() -> Content:
            return _counted(_chunks(data), len(data), on_progress) if on_progress else data

        body = RawBody(content_type or default, open_bytes, replayable=True)
        return PreparedUpload(body, hashlib.sha256(data).hexdigest())
    kind = content_type or "application/octet-stream"
    if isinstance(source, AsyncIterable):
        return PreparedUpload(RawBody(kind, _once(lambda: _acounted(source, None, on_progress)), False), None)
    if hasattr(source, "read"):
        return PreparedUpload(_file_body(cast(IO[bytes], source), kind, on_progress), None)
    chunks: Iterable[bytes] = source
    stream = (lambda: _counted(chunks, None, on_progress)) if on_progress else (lambda: chunks)
    return PreparedUpload(RawBody(kind, _once(stream), False), None)


def _file_body(file: IO[bytes], content_type: str, on_progress: OnProgress | None) -> RawBody:
    seekable = file.seekable()
    start = file.tell() if seekable else 0
    total = file.seek(0, 2) - start if seekable else None
    if seekable:
        file.seek(start)

    def open_file() -> Content:
        if seekable:
            file.seek(start)
        chunks = _read_file(file)
        return _counted(chunks, total, on_progress) if on_progress else chunks

    return RawBody(content_type, open_file if seekable else _once(open_file), replayable=seekable)


def for_async(body: RawBody) -> RawBody:
    """An upload body the async client can send: sync chunk iterables become async ones."""

    def open_async() -> Content:
        content = body.open()
        if isinstance(content, (bytes, AsyncIterable)):
            return content
        return _aiter(content)

    return RawBody(body.content_type, open_async, body.replayable)


async def _aiter(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


class _DownloadMeta:
    """Metadata of a download from its headers."""

    def __init__(self, response: httpx.Response) -> None:
        headers = response.headers
        length, modified = headers.get("content-length"), headers.get("last-modified")
        self.status = response.status_code
        """200 (whole object), 206 (the requested range) or 304 (``if_none_match`` matched)."""
        self.content_type = headers.get("content-type")
        self.size = int(length) if length is not None else None
        """Bytes in this response (the range's length for a 206)."""
        self.etag = headers.get("etag")
        self.sha256 = headers.get("x-checksum-sha256")
        """SHA-256 of the whole object, also for a range."""
        self.content_range = headers.get("content-range")
        self.last_modified: datetime | None = parsedate_to_datetime(modified) if modified else None
        self._response = response

    @property
    def not_modified(self) -> bool:
        """True for a 304: the copy you hold (by ETag) is current."""
        return self.status == 304


class FileDownload(_DownloadMeta):
    """An open download: iterate ``iter_bytes()`` to stream it, ``read()`` for small files.
    Close it (or use ``with``) when done, so the connection goes back to the pool.

    Example::

        with client.files.download("reports/q1.pdf") as download, open("q1.pdf", "wb") as out:
            for chunk in download.iter_bytes():
                out.write(chunk)
    """

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self._response.iter_bytes(chunk_size)

    def read(self) -> bytes:
        return self._response.read()

    def text(self) -> str:
        self._response.read()
        return self._response.text

    def close(self) -> None:
        self._response.close()

    def __enter__(self) -> FileDownload:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class AsyncFileDownload(_DownloadMeta):
    """An open download for the async client: ``async for chunk in download.aiter_bytes()``."""

    def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self._response.aiter_bytes(chunk_size)

    async def read(self) -> bytes:
        return await self._response.aread()

    async def text(self) -> str:
        await self._response.aread()
        return self._response.text

    async def aclose(self) -> None:
        await self._response.aclose()

    async def __aenter__(self) -> AsyncFileDownload:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
