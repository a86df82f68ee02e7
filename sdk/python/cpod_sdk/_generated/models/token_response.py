from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    BinaryIO,
    Generator,
    Literal,
    TextIO,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenResponse")


@_attrs_define
class TokenResponse:
    """RFC 6749 §5.1 successful token response.

    Attributes:
        access_token (str): An RS256 JWT; treat it as opaque. Claims are listed in the design (§8).
        token_type (Literal['Bearer']):
        expires_in (int): Lifetime in seconds (`CPOD_TOKEN_TTL_SECS`, default 3600). The SDK refreshes at 80%.
        scope (str): Space-separated scopes (RFC 6749 §3.3), each one of `Scope`.
        refresh_token (str | Unset): Only for user-delegated tokens (see `user_id`). Single use; store it like a
            password.
    """

    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int
    scope: str
    refresh_token: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        token_type = self.token_type

        expires_in = self.expires_in

        scope = self.scope

        refresh_token = self.refresh_token

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "access_token": access_token,
                "token_type": token_type,
                "expires_in": expires_in,
                "scope": scope,
            }
        )
        if refresh_token is not UNSET:
            field_dict["refresh_token"] = refresh_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_token = d.pop("access_token")

        token_type = cast(Literal["Bearer"], d.pop("token_type"))
        if token_type != "Bearer":
            raise ValueError(
                f"token_type must match const 'Bearer', got '{token_type}'"
            )

        expires_in = d.pop("expires_in")

        scope = d.pop("scope")

        refresh_token = d.pop("refresh_token", UNSET)

        token_response = cls(
            access_token=access_token,
            token_type=token_type,
            expires_in=expires_in,
            scope=scope,
            refresh_token=refresh_token,
        )

        return token_response
