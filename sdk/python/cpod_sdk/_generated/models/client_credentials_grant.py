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

T = TypeVar("T", bound="ClientCredentialsGrant")


@_attrs_define
class ClientCredentialsGrant:
    """Get a token for the app itself. `scope` may narrow the app's declared scopes; absent means all of them. No refresh
    token is issued for a plain client-credentials token (RFC 6749 §4.4.3): the app can simply ask again.

        Attributes:
            grant_type (Literal['client_credentials']):
            scope (str | Unset): Space-separated scopes (RFC 6749 §3.3), each one of `Scope`.
            user_id (str | Unset): cPod extension. The end user of the tenant this app acts for; it becomes the `user_id`
                claim (needed for the `user` storage tier and attributed in audit). Only apps of type `web` may send it
                (`unauthorized_client` otherwise). Such user-delegated tokens also come with a refresh token, so a user session
                can outlive one access token.
            client_id (str | Unset): The app's client id, for `client_secret_post`. With `client_secret_basic` (preferred)
                omit it and send `Authorization: Basic base64(client_id:client_secret)`; using both methods in one request
                answers `invalid_request`.
            client_secret (str | Unset): The app's secret (`cs_…`) for `client_secret_post`. Never logged; compared in
                constant time.
    """

    grant_type: Literal["client_credentials"]
    scope: str | Unset = UNSET
    user_id: str | Unset = UNSET
    client_id: str | Unset = UNSET
    client_secret: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_type = self.grant_type

        scope = self.scope

        user_id = self.user_id

        client_id = self.client_id

        client_secret = self.client_secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grant_type": grant_type,
            }
        )
        if scope is not UNSET:
            field_dict["scope"] = scope
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        grant_type = cast(Literal["client_credentials"], d.pop("grant_type"))
        if grant_type != "client_credentials":
            raise ValueError(
                f"grant_type must match const 'client_credentials', got '{grant_type}'"
            )

        scope = d.pop("scope", UNSET)

        user_id = d.pop("user_id", UNSET)

        client_id = d.pop("client_id", UNSET)

        client_secret = d.pop("client_secret", UNSET)

        client_credentials_grant = cls(
            grant_type=grant_type,
            scope=scope,
            user_id=user_id,
            client_id=client_id,
            client_secret=client_secret,
        )

        client_credentials_grant.additional_properties = d
        return client_credentials_grant

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
