"""Streamed binary objects (``/v1/files``): upload from bytes, a file or an iterator with
progress, download as a stream, presigned URLs for clients without a token."""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Mapping
from dataclasses import replace
from typing import Any, Literal, TypeVar

import httpx

from .._call import Call, JsonBody, RawBody, RequestOptions, file_path
from .._files import (
    AsyncFileDownload,
    AsyncUploadSource,
    FileDownload,
    OnProgress,
    UploadSource,
    for_async,
    prepare_upload,
)
from .._generated.models.file_object import FileObject
from .._generated.models.presign_response import PresignResponse
from .._pagination import AsyncPager, ListResult, Pager, list_result
from .._runner import AsyncRunner, Runner, compact, json_of, nothing
from .kv import Tier

D = TypeVar("D", FileDownload, AsyncFileDownload)


def _item(path: str) -> str:
    return f"/v1/files/{file_path(path)}"


def _headers(**values: str | None) -> Mapping[str, str | None]:
    return {name.replace("_", "-"): value for name, value in values.items()}


def _object(response: Any) -> FileObject:
    return FileObject.from_dict(json_of(response))


def upload_call(
    path: str,
    source: UploadSource | AsyncIterable[bytes],
    content_type: str | None,
    sha256: str | None,
    if_match: str | None,
    create_only: bool,
    on_progress: OnProgress | None,
    tier: Tier | None,
) -> Call[FileObject]:
    prepared = prepare_upload(source, content_type, on_progress)
    headers = _headers(
        x_checksum_sha256=sha256 or prepared.sha256,
        if_match=if_match,
        if_none_match="*" if create_only else None,
    )
    return Call("PUT", _item(path), _object, query={"tier": tier}, headers=headers, body=prepared.body)


def download_call(
    path: str,
    range_: tuple[int, int | None] | None,
    if_none_match: str | None,
    tier: Tier | None,
    wrap: Callable[[httpx.Response], D],
) -> Call[D]:
    byte_range = None if range_ is None else f"bytes={range_[0]}-{'' if range_[1] is None else range_[1]}"
    headers = _headers(range=byte_range, if_none_match=if_none_match, accept="*/*")
    return Call("GET", _item(path), wrap, query={"tier": tier}, headers=headers, stream=True)


def head_call(path: str, tier: Tier | None, wrap: Callable[[httpx.Response], D]) -> Call[D]:
    return Call("HEAD", _item(path), wrap, query={"tier": tier})


def delete_call(path: str, if_match: str | None, tier: Tier | None) -> Call[None]:
    return Call("DELETE", _item(path), nothing, query={"tier": tier}, headers=_headers(if_match=if_match))


def list_call(
    cursor: str | None, prefix: str | None, limit: int | None, tier: Tier | None
) -> Call[ListResult[FileObject]]:
    query = {"tier": tier, "prefix": prefix, "limit": limit, "cursor": cursor}
    return Call("GET", "/v1/files", lambda r: list_result(json_of(r), FileObject.from_dict), query=query)


def presign_call(
    path: str, method: Literal["GET", "PUT"], expires_in: int | None, tier: Tier | None
) -> Call[PresignResponse]:
    body = JsonBody({"method": method, **compact(expires_in=expires_in)})
    return Call(
        "POST",
        f"{_item(path)}/presign",
        lambda r: PresignResponse.from_dict(json_of(r)),
        query={"tier": tier},
        body=body,
    )


class Files:
    """``client.files``.

    Example::

        client.files.upload("reports/q1.csv", "a,b\\n1,2\\n", content_type="text/csv")
        with client.files.download("reports/q1.csv") as download:
            print(download.text())
    """

    def __init__(self, runner: Runner) -> None:
        self._run = runner.run

    def upload(
        self,
        path: str,
        source: UploadSource,
        *,
        content_type: str | None = None,
        sha256: str | None = None,
        if_match: str | None = None,
        create_only: bool = False,
        on_progress: OnProgress | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> FileObject:
        """Creates or replaces an object; returns its stored metadata (size, sha256, etag).
        Bytes and text are hashed (``X-Checksum-SHA256``) so a corrupted upload is refused."""
        call = upload_call(path, source, content_type, sha256, if_match, create_only, on_progress, tier)
        return self._run(call, options)

    def download(
        self,
        path: str,
        *,
        range: tuple[int, int | None] | None = None,
        if_none_match: str | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> FileDownload:
        """Opens a download; the body streams as you read it. ``range=(start, end)`` is
        inclusive, ``(start, None)`` reads to the end."""
        return self._run(download_call(path, range, if_none_match, tier, FileDownload), options)

    def head(self, path: str, *, tier: Tier | None = None, options: RequestOptions | None = None) -> FileDownload:
        """The object's metadata without its bytes; a missing object raises ``NotFoundError``."""
        return self._run(head_call(path, tier, FileDownload), options)

    def delete(
        self, path: str, *, if_match: str | None = None, tier: Tier | None = None, options: RequestOptions | None = None
    ) -> None:
        """Deletes an object; deleting a missing one succeeds."""
        self._run(delete_call(path, if_match, tier), options)

    def list(
        self,
        *,
        prefix: str | None = None,
        limit: int | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[FileObject]:
        """Objects' metadata in path order, optionally under a prefix such as ``reports/``."""
        return Pager(lambda cursor: self._run(list_call(cursor, prefix, limit, tier), options))

    def presign_download(
        self,
        path: str,
        *,
        expires_in: int | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> PresignResponse:
        """A short-lived URL that lets someone without a token download this object."""
        return self._run(presign_call(path, "GET", expires_in, tier), options)

    def presign_upload(
        self,
        path: str,
        *,
        expires_in: int | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> PresignResponse:
        """A short-lived URL that lets someone upload this object with a plain ``PUT``."""
        return self._run(presign_call(path, "PUT", expires_in, tier), options)


class AsyncFiles:
    """``AsyncCpodClient.files``: the same operations as ``Files``, awaitable; uploads also take
    async iterables of chunks."""

    def __init__(self, runner: AsyncRunner) -> None:
        self._run = runner.run

    async def upload(
        self,
        path: str,
        source: AsyncUploadSource,
        *,
        content_type: str | None = None,
        sha256: str | None = None,
        if_match: str | None = None,
        create_only: bool = False,
        on_progress: OnProgress | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> FileObject:
        call = upload_call(path, source, content_type, sha256, if_match, create_only, on_progress, tier)
        return await self._run(_with_async_body(call), options)

    async def download(
        self,
        path: str,
        *,
        range: tuple[int, int | None] | None = None,
        if_none_match: str | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncFileDownload:
        return await self._run(download_call(path, range, if_none_match, tier, AsyncFileDownload), options)

    async def head(
        self, path: str, *, tier: Tier | None = None, options: RequestOptions | None = None
    ) -> AsyncFileDownload:
        return await self._run(head_call(path, tier, AsyncFileDownload), options)

    async def delete(
        self, path: str, *, if_match: str | None = None, tier: Tier | None = None, options: RequestOptions | None = None
    ) -> None:
        await self._run(delete_call(path, if_match, tier), options)

    def list(
        self,
        *,
        prefix: str | None = None,
        limit: int | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[FileObject]:
        return AsyncPager(lambda cursor: self._run(list_call(cursor, prefix, limit, tier), options))

    async def presign_download(
        self,
        path: str,
        *,
        expires_in: int | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> PresignResponse:
        return await self._run(presign_call(path, "GET", expires_in, tier), options)

    async def presign_upload(
        self,
        path: str,
        *,
        expires_in: int | None = None,
        tier: Tier | None = None,
        options: RequestOptions | None = None,
    ) -> PresignResponse:
        return await self._run(presign_call(path, "PUT", expires_in, tier), options)


def _with_async_body(call: Call[FileObject]) -> Call[FileObject]:
    """The async client sends sync chunk iterables as async ones."""
    body = call.body
    return replace(call, body=for_async(body)) if isinstance(body, RawBody) else call
