"""``CpodClient`` (threads) and ``AsyncCpodClient`` (asyncio): tokens, retries, typed errors,
and one namespace per cPod API."""

from __future__ import annotations

import os
import random
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import TypedDict, TypeVar

import httpx
from typing_extensions import Unpack

from ._attempts import HttpConfig
from ._call import Call, RequestOptions
from ._clock import SYSTEM_CLOCK, Clock
from ._credentials import (
    AppCredentials,
    AsyncOnRefresh,
    OnRefresh,
    cached_from_jwt,
    issued_from_jwt,
    token_call,
    user_agent,
    validate,
)
from ._entities import AsyncEntities, Entities
from ._resources.analytics import Analytics, AsyncAnalytics
from ._resources.audit import AsyncAudit, Audit
from ._resources.files import AsyncFiles, Files
from ._resources.kv import AsyncKv, Kv
from ._resources.oauth_apps import AsyncOAuth, OAuth
from ._resources.secrets import AsyncSecrets, Secrets
from ._retry import DEFAULT_RETRY_POLICY, RetryPolicy
from ._tokens import (
    AsyncMissingCredential,
    AsyncRefreshingTokenSource,
    AsyncStaticTokenSource,
    AsyncTokenSource,
    Issued,
    MissingCredential,
    RefreshingTokenSource,
    StaticTokenSource,
    TokenSource,
)
from ._transport import asend, send

T = TypeVar("T")


class ClientOptions(TypedDict, total=False):
    """The constructor's settings besides credentials, for ``from_env`` and ``from_token``."""

    scope: str | None
    timeout: float
    max_retries: int
    user_agent: str | None
    transport: httpx.BaseTransport | None
    clock: Clock | None


class AsyncClientOptions(TypedDict, total=False):
    """``ClientOptions`` of the async client (an async transport)."""

    scope: str | None
    timeout: float
    max_retries: int
    user_agent: str | None
    transport: httpx.AsyncBaseTransport | None
    clock: Clock | None


DEFAULT_TIMEOUT = 60.0


def _config(base_url: str, timeout: float, max_retries: int, agent: str | None, clock: Clock | None) -> HttpConfig:
    retry = RetryPolicy(
        max_retries=max_retries,
        base_delay=DEFAULT_RETRY_POLICY.base_delay,
        max_delay=DEFAULT_RETRY_POLICY.max_delay,
        max_retry_after=DEFAULT_RETRY_POLICY.max_retry_after,
    )
    return HttpConfig(base_url, clock or SYSTEM_CLOCK, random.random, timeout, retry, user_agent(agent))


def _env(env: Mapping[str, str] | None, name: str) -> str:
    value = (os.environ if env is None else env).get(name)
    if not value:
        raise ValueError(f"CpodClient.from_env: {name} is not set")
    return value


class CpodClient:
    """The cPod client for threads and scripts. Safe to share between threads; close it (or use
    ``with``) to release its connections.

    Example::

        with CpodClient("http://127.0.0.1:8000", client_id="app_...", client_secret="cs_...") as client:
            client.kv.set("greeting", "hello")
    """

    def __init__(
        self,
        base_url: str,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        scope: str | None = None,
        admin_token: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_RETRY_POLICY.max_retries,
        user_agent: str | None = None,
        transport: httpx.BaseTransport | None = None,
        clock: Clock | None = None,
        _app_tokens: TokenSource | None = None,
    ) -> None:
        base_url = validate(base_url, client_id, client_secret, admin_token, timeout, max_retries, _app_tokens is None)
        self._config = _config(base_url, timeout, max_retries, user_agent, clock)
        self._http = httpx.Client(transport=transport, follow_redirects=False)
        self._app: TokenSource = _app_tokens or (
            RefreshingTokenSource(self._config.clock, self._fetcher(AppCredentials(client_id, client_secret, scope)))
            if client_id and client_secret
            else MissingCredential("client_id and client_secret")
        )
        self._admin: TokenSource = StaticTokenSource(admin_token) if admin_token else MissingCredential("admin_token")
        self.entities = Entities(self)
        """EDM entities: ``people``, ``groups``, ``technology_assets``, ``software_licenses``."""
        self.kv = Kv(self)
        """Key-value store."""
        self.files = Files(self)
        """Binary objects."""
        self.analytics = Analytics(self)
        """Event ingestion and aggregate queries."""
        self.audit = Audit(self)
        """The tenant's audit log."""
        self.secrets = Secrets(self)
        """Encrypted secrets."""
        self.oauth = OAuth(self)
        """OAuth administration (``oauth.apps``, needs ``admin_token``)."""

    def _fetcher(self, credentials: AppCredentials) -> Callable[[], Issued]:
        return lambda: self.run(token_call(credentials), None)

    def run(self, call: Call[T], options: RequestOptions | None) -> T:
        """Sends one described call with its credentials (the resources' entry point)."""
        tokens = {"app": self._app, "admin": self._admin, "none": None}[call.auth]
        return send(self._http, self._config, call, tokens, options)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **options: Unpack[ClientOptions]) -> CpodClient:
        """A client from ``CPOD_BASE_URL``, ``CPOD_CLIENT_ID`` and ``CPOD_CLIENT_SECRET`` (and
        ``CPOD_ADMIN_TOKEN`` when set); a missing variable raises ``ValueError`` naming it.
        Other keyword arguments are passed to the constructor."""
        admin = (os.environ if env is None else env).get("CPOD_ADMIN_TOKEN")
        return cls(
            _env(env, "CPOD_BASE_URL"),
            client_id=_env(env, "CPOD_CLIENT_ID"),
            client_secret=_env(env, "CPOD_CLIENT_SECRET"),
            admin_token=admin or None,
            **options,
        )

    @classmethod
    def from_token(
        cls,
        token: str,
        *,
        base_url: str | None = None,
        on_refresh: OnRefresh | None = None,
        **options: Unpack[ClientOptions],
    ) -> CpodClient:
        """A client for a token you already hold. With ``on_refresh`` it asks you for a new one
        at 80% of the token's lifetime (read from its ``exp``) and after a 401."""
        if not token:
            raise ValueError("CpodClient.from_token: token is empty")
        clock: Clock = options.get("clock") or SYSTEM_CLOCK
        source: TokenSource = (
            RefreshingTokenSource(
                clock, lambda: issued_from_jwt(on_refresh(), clock.now()), cached_from_jwt(token, clock.now())
            )
            if on_refresh
            else StaticTokenSource(token)
        )
        url = base_url or os.environ.get("CPOD_BASE_URL") or ""
        return cls(url, _app_tokens=source, **options)

    def close(self) -> None:
        """Releases the client's connections."""
        self._http.close()

    def __enter__(self) -> CpodClient:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class AsyncCpodClient:
    """The cPod client for asyncio; the same namespaces as ``CpodClient``, awaitable. Cancel a
    call by cancelling its task (the backoff sleep included).

    Example::

        async with AsyncCpodClient.from_env() as client:
            await client.kv.set("greeting", "hello")
    """

    def __init__(
        self,
        base_url: str,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        scope: str | None = None,
        admin_token: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_RETRY_POLICY.max_retries,
        user_agent: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock | None = None,
        _app_tokens: AsyncTokenSource | None = None,
    ) -> None:
        base_url = validate(base_url, client_id, client_secret, admin_token, timeout, max_retries, _app_tokens is None)
        self._config = _config(base_url, timeout, max_retries, user_agent, clock)
        self._http = httpx.AsyncClient(transport=transport, follow_redirects=False)
        self._app: AsyncTokenSource = _app_tokens or (
            AsyncRefreshingTokenSource(
                self._config.clock, self._fetcher(AppCredentials(client_id, client_secret, scope))
            )
            if client_id and client_secret
            else AsyncMissingCredential("client_id and client_secret")
        )
        self._admin: AsyncTokenSource = (
            AsyncStaticTokenSource(admin_token) if admin_token else AsyncMissingCredential("admin_token")
        )
        self.entities = AsyncEntities(self)
        self.kv = AsyncKv(self)
        self.files = AsyncFiles(self)
        self.analytics = AsyncAnalytics(self)
        self.audit = AsyncAudit(self)
        self.secrets = AsyncSecrets(self)
        self.oauth = AsyncOAuth(self)

    def _fetcher(self, credentials: AppCredentials) -> Callable[[], Awaitable[Issued]]:
        return lambda: self.run(token_call(credentials), None)

    async def run(self, call: Call[T], options: RequestOptions | None) -> T:
        """Sends one described call with its credentials (the resources' entry point)."""
        tokens = {"app": self._app, "admin": self._admin, "none": None}[call.auth]
        return await asend(self._http, self._config, call, tokens, options)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **options: Unpack[AsyncClientOptions]) -> AsyncCpodClient:
        """Like ``CpodClient.from_env``."""
        admin = (os.environ if env is None else env).get("CPOD_ADMIN_TOKEN")
        return cls(
            _env(env, "CPOD_BASE_URL"),
            client_id=_env(env, "CPOD_CLIENT_ID"),
            client_secret=_env(env, "CPOD_CLIENT_SECRET"),
            admin_token=admin or None,
            **options,
        )

    @classmethod
    def from_token(
        cls,
        token: str,
        *,
        base_url: str | None = None,
        on_refresh: AsyncOnRefresh | None = None,
        **options: Unpack[AsyncClientOptions],
    ) -> AsyncCpodClient:
        """Like ``CpodClient.from_token``; ``on_refresh`` is a coroutine function."""
        if not token:
            raise ValueError("AsyncCpodClient.from_token: token is empty")
        clock: Clock = options.get("clock") or SYSTEM_CLOCK
        refresh = on_refresh

        async def fetch() -> Issued:
            assert refresh is not None
            return issued_from_jwt(await refresh(), clock.now())

        source: AsyncTokenSource = (
            AsyncRefreshingTokenSource(clock, fetch, cached_from_jwt(token, clock.now()))
            if refresh
            else AsyncStaticTokenSource(token)
        )
        url = base_url or os.environ.get("CPOD_BASE_URL") or ""
        return cls(url, _app_tokens=source, **options)

    async def aclose(self) -> None:
        """Releases the client's connections."""
        await self._http.aclose()

    async def __aenter__(self) -> AsyncCpodClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
