"""Where a call gets its bearer token: the auth-js lifecycle, for threads and for asyncio.

Fetch on first use, refresh at 80% of the lifetime, exactly one refresh in flight however many
calls wait for it, and after a failed refresh a cooldown (1 s, doubling to 30 s) during which
calls fail fast with the last error instead of hammering the token endpoint. While the old token
is still valid, a failed refresh keeps serving it.
"""

from __future__ import annotations

import asyncio
import math
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from ._clock import Clock
from ._errors import AuthenticationError, CpodError, CpodTimeoutError

REFRESH_AT = 0.8
"""Share of a token's lifetime after which it is refreshed (design §8)."""
COOLDOWN_BASE = 1.0
COOLDOWN_MAX = 30.0


@dataclass(frozen=True)
class Issued:
    """A new token and its lifetime in seconds (None: unknown, never refresh on time)."""

    value: str
    lifetime: float | None = None


@dataclass(frozen=True)
class CachedToken:
    """A token and when to refresh / stop using it (epoch seconds)."""

    value: str
    refresh_at: float
    expires_at: float


@dataclass(frozen=True)
class _Failure:
    error: AuthenticationError
    until: float
    count: int


class TokenSource(Protocol):
    """A usable token for each attempt; ``invalidate`` after a 401 says whether to resend.
    ``timeout`` is what is left of the calling call: it waits no longer for a refresh that
    another thread has in flight."""

    def get(self, timeout: float | None = None) -> str: ...

    def invalidate(self, token: str) -> bool: ...


class AsyncTokenSource(Protocol):
    """The asyncio twin of ``TokenSource``."""

    async def get(self) -> str: ...

    def invalidate(self, token: str) -> bool: ...


class _Lifecycle:
    """The state and rules both sources share; the sources add only their kind of lock."""

    def __init__(self, clock: Clock, initial: CachedToken | None) -> None:
        self.clock = clock
        self.current = initial
        self.failure: _Failure | None = None

    def fresh(self) -> str | None:
        """The cached token while it is before its refresh time."""
        current = self.current
        return current.value if current and self.clock.now() < current.refresh_at else None

    def still_valid(self) -> str | None:
        current = self.current
        return current.value if current and self.clock.now() < current.expires_at else None

    def cooling_down(self) -> AuthenticationError | None:
        failure, now = self.failure, self.clock.now()
        if failure is None or now >= failure.until:
            return None
        return _cooldown_error(failure.error, failure.until - now)

    def succeeded(self, issued: Issued, started: float) -> str:
        lifetime = math.inf if issued.lifetime is None else issued.lifetime
        self.current = CachedToken(issued.value, started + lifetime * REFRESH_AT, started + lifetime)
        self.failure = None
        return issued.value

    def failed(self, cause: BaseException) -> AuthenticationError:
        error = as_authentication_error(cause)
        count = (self.failure.count if self.failure else 0) + 1
        cooldown = min(COOLDOWN_BASE * 2 ** (count - 1), COOLDOWN_MAX)
        self.failure = _Failure(error, self.clock.now() + cooldown, count)
        return error

    def invalidate(self, token: str) -> bool:
        if self.current and self.current.value == token:
            self.current = None
        return True


class RefreshingTokenSource:
    """The lifecycle for threads: a lock makes the refresh single-flight; waiters re-check."""

    def __init__(self, clock: Clock, fetch: Callable[[], Issued], initial: CachedToken | None = None) -> None:
        self._state = _Lifecycle(clock, initial)
        self._fetch = fetch
        self._lock = threading.Lock()

    def get(self, timeout: float | None = None) -> str:
        token = self._state.fresh()
        if token is not None:
            return token
        if not self._lock.acquire(timeout=-1 if timeout is None else max(timeout, 0.0)):
            raise _waited_for_refresh(timeout)
        try:
            return self._refresh_locked()
        finally:
            self._lock.release()

    def _refresh_locked(self) -> str:
        state = self._state
        token, valid = state.fresh(), state.still_valid()
        if token is not None:  # another thread refreshed while this one waited
            return token
        cooling = state.cooling_down()
        if cooling is not None:
            if valid is not None:
                return valid
            raise cooling
        started = state.clock.now()
        try:
            return state.succeeded(self._fetch(), started)
        except Exception as cause:
            error = state.failed(cause)
            if valid is not None:
                return valid
            if error is cause:
                raise
            raise error from cause

    def invalidate(self, token: str) -> bool:
        return self._state.invalidate(token)


class AsyncRefreshingTokenSource:
    """The lifecycle for asyncio: an ``asyncio.Lock`` makes the refresh single-flight."""

    def __init__(
        self, clock: Clock, fetch: Callable[[], Awaitable[Issued]], initial: CachedToken | None = None
    ) -> None:
        self._state = _Lifecycle(clock, initial)
        self._fetch = fetch
        self._lock = asyncio.Lock()

    async def get(self) -> str:
        token = self._state.fresh()
        if token is not None:
            return token
        async with self._lock:
            return await self._refresh_locked()

    async def _refresh_locked(self) -> str:
        state = self._state
        token, valid = state.fresh(), state.still_valid()
        if token is not None:
            return token
        cooling = state.cooling_down()
        if cooling is not None:
            if valid is not None:
                return valid
            raise cooling
        started = state.clock.now()
        try:
            return state.succeeded(await self._fetch(), started)
        except Exception as cause:
            error = state.failed(cause)
            if valid is not None:
                return valid
            if error is cause:
                raise
            raise error from cause

    def invalidate(self, token: str) -> bool:
        return self._state.invalidate(token)


class StaticTokenSource:
    """A fixed token that never refreshes (the admin token, or ``from_token`` without ``on_refresh``)."""

    def __init__(self, token: str) -> None:
        self._token = token

    def get(self, timeout: float | None = None) -> str:
        return self._token

    def invalidate(self, token: str) -> bool:
        return False


class AsyncStaticTokenSource:
    """``StaticTokenSource`` for the async client."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def get(self) -> str:
        return self._token

    def invalidate(self, token: str) -> bool:
        return False


def _missing(which: str) -> ValueError:
    return ValueError(f"CpodClient: this call needs {which}, which the client was not given")


class MissingCredential:
    """Stands in for credentials the client was not given; fails when a call needs them."""

    def __init__(self, which: str) -> None:
        self._which = which

    def get(self, timeout: float | None = None) -> str:
        raise _missing(self._which)

    def invalidate(self, token: str) -> bool:
        return False


class AsyncMissingCredential:
    """``MissingCredential`` for the async client."""

    def __init__(self, which: str) -> None:
        self._which = which

    async def get(self) -> str:
        raise _missing(self._which)

    def invalidate(self, token: str) -> bool:
        return False


def _waited_for_refresh(timeout: float | None) -> CpodTimeoutError:
    return CpodTimeoutError(
        status=0,
        code="timeout",
        title="Request timed out",
        detail=f"the token refresh in flight did not finish within the call's remaining {timeout:g} s",
    )


def _cooldown_error(last: AuthenticationError, wait: float) -> AuthenticationError:
    error = AuthenticationError(
        status=last.status,
        code=last.code,
        title="Token endpoint cooling down after a failure",
        detail=f"the last token request failed ({last}); next attempt in {wait:.3f} s",
        request_id=last.request_id,
    )
    error.__cause__ = last
    return error


def as_authentication_error(cause: BaseException) -> AuthenticationError:
    """Token failures always surface as ``AuthenticationError`` (the operation was never sent),
    with the underlying error (a refused client, a connection error, a 503) as ``__cause__``."""
    if isinstance(cause, AuthenticationError):
        return cause
    inner = cause if isinstance(cause, CpodError) else None
    error = AuthenticationError(
        status=inner.status if inner else 0,
        code="unauthenticated",
        title="Could not obtain an access token",
        detail=str(cause),
        request_id=inner.request_id if inner else None,
    )
    error.__cause__ = cause
    return error
