"""Encrypted secrets (``/v1/secrets``): ``set`` and ``list`` never return values, only ``get`` does."""

from __future__ import annotations

from .._call import Call, JsonBody, RequestOptions, segment
from .._generated.models.secret import Secret
from .._generated.models.secret_metadata import SecretMetadata
from .._pagination import AsyncPager, ListResult, Pager, list_result
from .._runner import AsyncRunner, Runner, compact, json_of, nothing


def _item(name: str) -> str:
    return f"/v1/secrets/{segment(name)}"


def set_call(name: str, value: str, description: str | None) -> Call[SecretMetadata]:
    body = JsonBody({"value": value, **compact(description=description)})
    return Call("PUT", _item(name), lambda r: SecretMetadata.from_dict(json_of(r)), body=body)


def get_call(name: str) -> Call[Secret]:
    return Call("GET", _item(name), lambda r: Secret.from_dict(json_of(r)))


def delete_call(name: str) -> Call[None]:
    return Call("DELETE", _item(name), nothing)


def list_call(cursor: str | None, limit: int | None) -> Call[ListResult[SecretMetadata]]:
    query = {"limit": limit, "cursor": cursor}
    return Call("GET", "/v1/secrets", lambda r: list_result(json_of(r), SecretMetadata.from_dict), query=query)


class Secrets:
    """``client.secrets``.

    Example::

        client.secrets.set("STRIPE_API_KEY", "sk_test_...")
        print(client.secrets.get("STRIPE_API_KEY").version)
    """

    def __init__(self, runner: Runner) -> None:
        self._run = runner.run

    def set(
        self, name: str, value: str, *, description: str | None = None, options: RequestOptions | None = None
    ) -> SecretMetadata:
        """Creates or replaces a secret; answers its metadata (never the value)."""
        return self._run(set_call(name, value, description), options)

    def get(self, name: str, *, options: RequestOptions | None = None) -> Secret:
        """Reads a secret with its decrypted value; a missing one raises ``NotFoundError``."""
        return self._run(get_call(name), options)

    def delete(self, name: str, *, options: RequestOptions | None = None) -> None:
        self._run(delete_call(name), options)

    def list(self, *, limit: int | None = None, options: RequestOptions | None = None) -> Pager[SecretMetadata]:
        return Pager(lambda cursor: self._run(list_call(cursor, limit), options))


class AsyncSecrets:
    """``AsyncCpodClient.secrets``."""

    def __init__(self, runner: AsyncRunner) -> None:
        self._run = runner.run

    async def set(
        self, name: str, value: str, *, description: str | None = None, options: RequestOptions | None = None
    ) -> SecretMetadata:
        return await self._run(set_call(name, value, description), options)

    async def get(self, name: str, *, options: RequestOptions | None = None) -> Secret:
        return await self._run(get_call(name), options)

    async def delete(self, name: str, *, options: RequestOptions | None = None) -> None:
        await self._run(delete_call(name), options)

    def list(self, *, limit: int | None = None, options: RequestOptions | None = None) -> AsyncPager[SecretMetadata]:
        return AsyncPager(lambda cursor: self._run(list_call(cursor, limit), options))
