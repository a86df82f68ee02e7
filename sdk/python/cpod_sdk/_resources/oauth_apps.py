"""OAuth app administration (``/v1/oauth/apps``) with the platform's admin token."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._call import Call, JsonBody, RequestOptions, segment
from .._generated.models.app import App
from .._generated.models.app_with_secret import AppWithSecret
from .._pagination import AsyncPager, ListResult, Pager, list_result
from .._runner import AsyncRunner, Runner, json_of, nothing


def _item(client_id: str) -> str:
    return f"/v1/oauth/apps/{segment(client_id)}"


def _with_secret(response: Any) -> AppWithSecret:
    return AppWithSecret.from_dict(json_of(response))


def create_call(app: Mapping[str, Any]) -> Call[AppWithSecret]:
    return Call("POST", "/v1/oauth/apps", _with_secret, body=JsonBody(app), auth="admin")


def list_call(cursor: str | None, tenant_id: str | None, limit: int | None) -> Call[ListResult[App]]:
    query = {"tenant_id": tenant_id, "limit": limit, "cursor": cursor}
    return Call("GET", "/v1/oauth/apps", lambda r: list_result(json_of(r), App.from_dict), query=query, auth="admin")


def get_call(client_id: str) -> Call[App]:
    return Call("GET", _item(client_id), lambda r: App.from_dict(json_of(r)), auth="admin")


def delete_call(client_id: str) -> Call[None]:
    return Call("DELETE", _item(client_id), nothing, auth="admin")


def rotate_call(client_id: str) -> Call[AppWithSecret]:
    return Call("POST", f"{_item(client_id)}/rotate-secret", _with_secret, auth="admin")


class OAuthApps:
    """``client.oauth.apps`` (needs ``admin_token``). The secret is in the answer of ``create``
    and ``rotate_secret`` only.

    Example::

        app = admin.oauth.apps.create({"tenant_id": tenant, "name": "worker", "declared_scopes": ["kv.read"]})
    """

    def __init__(self, runner: Runner) -> None:
        self._run = runner.run

    def create(self, app: Mapping[str, Any], *, options: RequestOptions | None = None) -> AppWithSecret:
        return self._run(create_call(app), options)

    def list(
        self, *, tenant_id: str | None = None, limit: int | None = None, options: RequestOptions | None = None
    ) -> Pager[App]:
        return Pager(lambda cursor: self._run(list_call(cursor, tenant_id, limit), options))

    def get(self, client_id: str, *, options: RequestOptions | None = None) -> App:
        return self._run(get_call(client_id), options)

    def delete(self, client_id: str, *, options: RequestOptions | None = None) -> None:
        self._run(delete_call(client_id), options)

    def rotate_secret(self, client_id: str, *, options: RequestOptions | None = None) -> AppWithSecret:
        """Issues a new secret (the old one stops working at once) and returns it once."""
        return self._run(rotate_call(client_id), options)


class AsyncOAuthApps:
    """``AsyncCpodClient.oauth.apps``."""

    def __init__(self, runner: AsyncRunner) -> None:
        self._run = runner.run

    async def create(self, app: Mapping[str, Any], *, options: RequestOptions | None = None) -> AppWithSecret:
        return await self._run(create_call(app), options)

    def list(
        self, *, tenant_id: str | None = None, limit: int | None = None, options: RequestOptions | None = None
    ) -> AsyncPager[App]:
        return AsyncPager(lambda cursor: self._run(list_call(cursor, tenant_id, limit), options))

    async def get(self, client_id: str, *, options: RequestOptions | None = None) -> App:
        return await self._run(get_call(client_id), options)

    async def delete(self, client_id: str, *, options: RequestOptions | None = None) -> None:
        await self._run(delete_call(client_id), options)

    async def rotate_secret(self, client_id: str, *, options: RequestOptions | None = None) -> AppWithSecret:
        return await self._run(rotate_call(client_id), options)


class OAuth:
    """``client.oauth``: ``apps``."""

    def __init__(self, runner: Runner) -> None:
        self.apps = OAuthApps(runner)


class AsyncOAuth:
    """``AsyncCpodClient.oauth``: ``apps``."""

    def __init__(self, runner: AsyncRunner) -> None:
        self.apps = AsyncOAuthApps(runner)
