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

T = TypeVar("T", bound="RefreshTokenGrant")


@_attrs_define
class RefreshTokenGrant:
    """Exchange a refresh token for a new access token (RFC 6749 §6). Refresh tokens rotate: the answer carries a new
    refresh token and the old one is revoked. Presenting an already-used refresh token revokes the whole chain (replay
    detection) and answers `invalid_grant`.

        Attributes:
            grant_type (Literal['refresh_token']):
            refresh_token (str):
            scope (str | Unset): Space-separated scopes (RFC 6749 §3.3), each one of `Scope`.
            client_id (str | Unset): The app's client id, for `client_secret_post`. With `client_secret_basic` (preferred)
                omit it and send `Authorization: Basic base64(client_id:client_secret)`; using both methods in one request
                answers `invalid_request`.
            client_secret (str | Unset): The app's secret (`cs_…`) for `client_secret_post`. Never logged; compared in
                constant time.
    """

    grant_type: Literal["refresh_token"]
    refresh_token: str
    scope: str | Unset = UNSET
    client_id: str | Unset = UNSET
    client_secret: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_type = self.grant_type

        refresh_token = self.refresh_token

        scope = self.scope

        client_id = self.client_id

        client_secret = self.client_secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grant_type": grant_type,
                "refresh_token": refresh_token,
            }
        )
        if scope is not UNSET:
            field_dict["scope"] = scope
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        grant_type = cast(Literal["refresh_token"], d.pop("grant_type"))
        if grant_type != "refresh_token":
            raise ValueError(
                f"grant_type must match const 'refresh_token', got '{grant_type}'"
            )

        refresh_token = d.pop("refresh_token")

        scope = d.pop("scope", UNSET)

        client_id = d.pop("client_id", UNSET)

        client_secret = d.pop("client_secret", UNSET)

        refresh_token_grant = cls(
            grant_type=grant_type,
            refresh_token=refresh_token,
            scope=scope,
            client_id=client_id,
            client_secret=client_secret,
        )

        refresh_token_grant.additional_properties = d
        return refresh_token_grant

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
