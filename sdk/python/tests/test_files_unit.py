"""Upload bodies and download handles over a mock transport."""

from __future__ import annotations

import asyncio
import hashlib
import io
from collections.abc import AsyncIterator

import httpx
import pytest

from cpod_sdk import ServerError, UploadProgress

from .fakes import FakeClock, Gateway, async_client, problem, sync_client

STORED = {
    "path": "a/b c.bin",
    "size": 3,
    "content_type": "application/octet-stream",
    "etag": '"e1"',
    "sha256": "x",
    "updated_at": "2027-01-15T08:00:00Z",
}
OK = httpx.Response(200, json=STORED)


def test_bytes_are_hashed_and_sent_with_their_type() -> None:
    gateway = Gateway(OK)
    with sync_client(gateway, FakeClock()) as client:
        stored = client.files.upload("a/b c.bin", b"abc", if_match='"e0"')
    request = gateway.calls[0]
    assert request.url.raw_path == b"/v1/files/a/b%20c.bin"
    assert request.headers["x-checksum-sha256"] == hashlib.sha256(b"abc").hexdigest()
    assert request.headers["content-type"] == "application/octet-stream" and request.headers["if-match"] == '"e0"'
    assert gateway.bodies[-1] == b"abc" and stored.size == 3


def test_text_defaults_to_utf8_and_create_only_sends_if_none_match() -> None:
    gateway = Gateway(OK)
    with sync_client(gateway, FakeClock()) as client:
        client.files.upload("t.txt", "héllo", create_only=True)
    request = gateway.calls[0]
    assert request.headers["content-type"] == "text/plain; charset=utf-8" and request.headers["if-none-match"] == "*"
    assert gateway.bodies[-1] == "héllo".encode()


def test_a_seekable_file_is_re_read_from_its_position_on_retry() -> None:
    gateway = Gateway(problem(503, "unavailable"), OK)
    source = io.BytesIO(b"skip" + b"x" * 100_000)
    source.seek(4)
    progress: list[UploadProgress] = []
    with sync_client(gateway, FakeClock()) as client:
        client.files.upload("big.bin", source, on_progress=progress.append)
    assert [len(body) for body in gateway.bodies[1:]] == [100_000, 100_000]
    assert progress[-1] == UploadProgress(100_000, 100_000)


def test_an_iterator_upload_is_not_retried() -> None:
    gateway = Gateway(problem(503, "unavailable"), OK)
    with sync_client(gateway, FakeClock()) as client, pytest.raises(ServerError):
        client.files.upload("s.bin", (chunk for chunk in [b"a", b"b"]))
    assert len(gateway.calls) == 1 and gateway.bodies[-1] == b"ab"


def test_download_streams_with_metadata_and_range() -> None:
    headers = {
        "content-type": "text/csv",
        "etag": '"e1"',
        "x-checksum-sha256": "abc",
        "content-range": "bytes 2-5/10",
        "last-modified": "Fri, 15 Jan 2027 08:00:00 GMT",
    }
    gateway = Gateway(httpx.Response(206, headers=headers, content=b"2345"))
    with sync_client(gateway, FakeClock()) as client, client.files.download("r.csv", range=(2, 5)) as download:
        assert (download.status, download.content_type, download.etag, download.sha256) == (
            206,
            "text/csv",
            '"e1"',
            "abc",
        )
        assert download.size == 4 and download.last_modified is not None and not download.not_modified
        assert b"".join(download.iter_bytes()) == b"2345"
    assert gateway.calls[0].headers["range"] == "bytes=2-5" and gateway.calls[0].headers["accept"] == "*/*"


def test_download_304_is_not_modified() -> None:
    gateway = Gateway(httpx.Response(304))
    with sync_client(gateway, FakeClock()) as client, client.files.download("r", if_none_match='"e1"') as download:
        assert download.not_modified and download.read() == b""


def test_async_upload_of_an_async_iterable_and_download() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"as"
        yield b"ync"

    async def scenario() -> None:
        gateway = Gateway(OK)
        async with async_client(gateway, FakeClock()) as client:
            await client.files.upload("a.bin", chunks())
            await client.files.upload("b.bin", iter([b"sync", b"-iter"]))
            gateway.script = [httpx.Response(200, content=b"async")]
            async with await client.files.download("a.bin") as download:
                assert await download.read() == b"async"
        assert gateway.bodies[1:3] == [b"async", b"sync-iter"]

    asyncio.run(scenario())
