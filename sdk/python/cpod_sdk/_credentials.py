"""How the clients obtain tokens: client credentials at the token endpoint, or a token the
caller holds (with its lifetime read from the JWT's claims)."""

from __future__ import annotations

import base64
import binascii
import json
import platform
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus, urlparse

from ._call import Call, FormBody
from ._runner import json_of
from ._tokens import REFRESH_AT, CachedToken, Issued
from ._version import VERSION


@dataclass(frozen=True)
class AppCredentials:
    """What the token endpoint needs to issue a client-credentials token."""

    client_id: str
    client_secret: str
    scope: str | None = None


def _basic(credentials: AppCredentials) -> str:
    """``client_secret_basic`` (RFC 6749 §2.3.1): both parts form-encoded, then base64."""
    pair = f"{quote_plus(credentials.client_id)}:{quote_plus(credentials.client_secret)}"
    return "Basic " + base64.b64encode(pair.encode()).decode()


def _issued(response: Any) -> Issued:
    """``expires_in`` is only RECOMMENDED (RFC 6749 §5.1): without it the lifetime is unknown and
    the token is kept until a 401, as the TypeScript SDK does (shared scenario in tokens.json)."""
    data = json_of(response)
    lifetime = data.get("expires_in")
    return Issued(str(data["access_token"]), None if lifetime is None else float(lifetime))


def token_call(credentials: AppCredentials) -> Call[Issued]:
    """``POST /v1/oauth/token`` with the secret in ``Authorization`` (never in a body a proxy
    might log). Connection errors, 429 and 5xx are retried like any call."""
    form = {"grant_type": "client_credentials"}
    if credentials.scope:
        form["scope"] = credentials.scope
    headers = {"authorization": _basic(credentials)}
    return Call("POST", "/v1/oauth/token", _issued, headers=headers, body=FormBody(form), auth="none")


def _claims(token: str) -> dict[str, Any]:
    parts = token.split(".")
    if len(parts) != 3:
        return {}
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, binascii.Error):
        return {}
    return payload if isinstance(payload, dict) else {}


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def issued_from_jwt(token: str, now: float) -> Issued:
    """A token handed to us, with its lifetime from ``exp`` (unknown without one)."""
    exp = _number(_claims(token).get("exp"))
    return Issued(token) if exp is None else Issued(token, max(0.0, exp - now))


def cached_from_jwt(token: str, now: float) -> CachedToken:
    """The initial cache entry of ``from_token``: refresh at 80% of ``iat``..``exp``."""
    claims = _claims(token)
    exp, iat = _number(claims.get("exp")), _number(claims.get("iat"))
    if exp is None:
        return CachedToken(token, float("inf"), float("inf"))
    start = now if iat is None else iat
    return CachedToken(token, start + (exp - start) * REFRESH_AT, exp)


def user_agent(prefix: str | None) -> str:
    """``<prefix> cpod-sdk-python/<version> python/<version>``."""
    own = f"cpod-sdk-python/{VERSION} python/{platform.python_version()}"
    return f"{prefix} {own}" if prefix else own


def validate(
    base_url: str | None,
    client_id: str | None,
    client_secret: str | None,
    admin_token: str | None,
    timeout: float,
    max_retries: int,
    need_credentials: bool,
) -> str:
    """Misuse fails at construction with a ``ValueError`` naming the option, not at the first
    call with a network error. Returns the base URL."""
    parsed = urlparse(base_url or "")
    if not base_url or parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"CpodClient: base_url must be an absolute http(s) URL, got {base_url!r}")
    if bool(client_id) != bool(client_secret):
        raise ValueError(f"CpodClient: {'client_secret' if client_id else 'client_id'} is missing")
    if need_credentials and not client_id and not admin_token:
        raise ValueError("CpodClient: pass client_id and client_secret (or admin_token for oauth.apps)")
    if not timeout > 0:
        raise ValueError("CpodClient: timeout must be a positive number of seconds")
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError("CpodClient: max_retries must be a non-negative integer")
    return base_url


OnRefresh = Callable[[], str]
AsyncOnRefresh = Callable[[], Awaitable[str]]
