"""The SDK against a real ``cpod dev``: token, KV, entities, files, audit, typed errors, sync and async."""

from __future__ import annotations

import asyncio
import hashlib
import io
import uuid
from collections.abc import Iterator

import pytest

from cpod_sdk import (
    AsyncCpodClient,
    AuthenticationError,
    CpodClient,
    NotFoundError,
    PreconditionFailedError,
    UploadProgress,
    ValidationError,
)

from .conftest import DevPlatform


@pytest.fixture
def client(platform: DevPlatform) -> Iterator[CpodClient]:
    with CpodClient.from_env(platform.env()) as each:
        yield each


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def test_kv_put_get_incr_list_delete(client: CpodClient) -> None:
    prefix = _unique("py-kv")
    entry = client.kv.set(f"{prefix}:a", {"items": ["sku_1"]}, ttl_seconds=3600)
    assert entry.version == 1 and entry.expires_at is not None
    assert client.kv.get(f"{prefix}:a").value == {"items": ["sku_1"]}
    assert client.kv.set(f"{prefix}:a", None, if_version=1).version == 2  # null is a value
    assert client.kv.get(f"{prefix}:a").value is None
    with pytest.raises(PreconditionFailedError):
        client.kv.set(f"{prefix}:a", 3, if_version=1)
    assert client.kv.incr(f"{prefix}:n", 5) == 5
    assert client.kv.incr(f"{prefix}:n") == 6
    client.kv.set(f"{prefix}:b.x_y", True)
    keys = [item.key for item in client.kv.list(prefix=prefix, limit=1)]  # three pages of one
    assert keys == sorted([f"{prefix}:a", f"{prefix}:b.x_y", f"{prefix}:n"])
    client.kv.delete(f"{prefix}:a")
    client.kv.delete(f"{prefix}:a")  # deleting a missing key succeeds
    with pytest.raises(NotFoundError) as raised:
        client.kv.get(f"{prefix}:a")
    assert raised.value.status == 404 and raised.value.code == "not_found" and raised.value.request_id


def test_pages_walk_with_cursors(client: CpodClient) -> None:
    prefix = _unique("py-page")
    for n in range(5):
        client.kv.set(f"{prefix}:{n}", n)
    first = client.kv.list(prefix=prefix, limit=2).first_page()
    assert len(first.items) == 2 and first.has_next_page()
    sizes = [len(page.items) for page in first.pages()]
    assert sizes == [2, 2, 1]


def test_entity_create_get_update_list_delete(client: CpodClient) -> None:
    people = client.entities.people
    external = _unique("HR")
    ada = people.create({"display_name": "Ada Lovelace", "external_id": external})
    assert ada.id.startswith("per_") and ada.version == 1
    assert people.get(ada.id).display_name == "Ada Lovelace"
    updated = people.update(ada.id, {"email": "ada@example.org"}, if_version=ada.version)
    assert updated.version == 2 and updated.email == "ada@example.org"
    with pytest.raises(PreconditionFailedError):
        people.update(ada.id, {"first_name": "Augusta"}, if_version=ada.version)
    found = list(people.list(filter={"external_id": external}))
    assert [person.id for person in found] == [ada.id]
    people.delete(ada.id)
    with pytest.raises(NotFoundError):
        people.get(ada.id)


def test_validation_error_names_fields(client: CpodClient) -> None:
    with pytest.raises(ValidationError) as raised:
        client.entities.people.create({"display_name": ""})
    assert raised.value.status == 400
    assert raised.value.fields, "the server lists the failing input"


def test_file_upload_download_range_list_delete(client: CpodClient) -> None:
    folder = _unique("py-files")
    text = "region,total\nEU,42\n"
    report = client.files.upload(f"{folder}/q1.csv", text, content_type="text/csv")
    assert report.size == len(text) and report.sha256 == hashlib.sha256(text.encode()).hexdigest()
    with client.files.download(f"{folder}/q1.csv") as download:
        assert download.status == 200 and download.content_type is not None
        assert download.content_type.startswith("text/csv") and download.text() == text

    big = bytes(range(256)) * 1024  # 256 KiB from a file object, with progress
    progress: list[UploadProgress] = []
    stored = client.files.upload(f"{folder}/big.bin", io.BytesIO(big), on_progress=progress.append)
    assert stored.size == len(big) and progress[-1] == UploadProgress(len(big), len(big))
    with client.files.download(f"{folder}/big.bin") as download:
        assert b"".join(download.iter_bytes()) == big
    with client.files.download(f"{folder}/big.bin", range=(1024, 2047)) as part:
        assert part.status == 206 and part.read() == big[1024:2048]

    head = client.files.head(f"{folder}/big.bin")
    assert head.size == len(big) and head.sha256 == stored.sha256 and head.read() == b""
    paths = [item.path for item in client.files.list(prefix=f"{folder}/")]
    assert paths == [f"{folder}/big.bin", f"{folder}/q1.csv"]
    presigned = client.files.presign_download(f"{folder}/q1.csv", expires_in=60)
    assert presigned.url.startswith("http")
    client.files.delete(f"{folder}/big.bin")
    with pytest.raises(NotFoundError):
        client.files.download(f"{folder}/big.bin")


def test_file_upload_from_an_iterator_is_streamed(client: CpodClient) -> None:
    path = f"{_unique('py-stream')}/chunks.bin"
    chunks = [b"a" * 70_000, b"b" * 70_000, b"c"]
    stored = client.files.upload(path, iter(chunks))
    assert stored.size == 140_001
    with client.files.download(path) as download:
        assert download.read() == b"".join(chunks)


def test_audit_lists_and_verifies(client: CpodClient) -> None:
    client.kv.set(_unique("py-audited"), True)
    records = list(client.audit.list(action="kv.put", limit=50))
    assert records and all(record.action == "kv.put" for record in records)
    assert client.audit.verify().valid is True


def test_bad_credentials_raise_authentication_error(platform: DevPlatform) -> None:
    wrong = CpodClient(platform.base_url, client_id=platform.client_id, client_secret="cs_wrong")
    with wrong, pytest.raises(AuthenticationError) as raised:
        wrong.kv.get("anything")
    assert raised.value.status == 401


def test_async_client_does_the_same(platform: DevPlatform) -> None:
    async def scenario() -> None:
        async with AsyncCpodClient.from_env(platform.env()) as client:
            prefix = _unique("py-async")
            results = await asyncio.gather(*(client.kv.set(f"{prefix}:{n}", n) for n in range(5)))
            assert {entry.version for entry in results} == {1}
            keys = [item.key async for item in client.kv.list(prefix=prefix, limit=2)]
            assert len(keys) == 5
            first = await client.kv.list(prefix=prefix, limit=2)
            assert first.has_next_page()
            person = await client.entities.people.create({"display_name": "Grace Hopper"})
            assert (await client.entities.people.get(person.id)).display_name == "Grace Hopper"
            path = f"{prefix}/hello.txt"
            await client.files.upload(path, b"hello")
            async with await client.files.download(path) as download:
                assert b"".join([chunk async for chunk in download.aiter_bytes()]) == b"hello"
            with pytest.raises(NotFoundError):
                await client.kv.get(f"{prefix}:missing")

    asyncio.run(scenario())
