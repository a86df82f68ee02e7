from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.token_type_hint import TokenTypeHint, check_token_type_hint
from ..types import UNSET, Unset

T = TypeVar("T", bound="IntrospectionRequest")


@_attrs_define
class IntrospectionRequest:
    """RFC 7662 §2.1. The caller authenticates as a client, like at the token endpoint.

    Attributes:
        token (str):
        token_type_hint (TokenTypeHint | Unset): Which kind of token is sent, to speed up the lookup (RFC 7009 §2.1); a
            wrong hint is tolerated.
        client_id (str | Unset): The app's client id, for `client_secret_post`. With `client_secret_basic` (preferred)
            omit it and send `Authorization: Basic base64(client_id:client_secret)`; using both methods in one request
            answers `invalid_request`.
        client_secret (str | Unset): The app's secret (`cs_…`) for `client_secret_post`. Never logged; compared in
            constant time.
    """

    token: str
    token_type_hint: TokenTypeHint | Unset = UNSET
    client_id: str | Unset = UNSET
    client_secret: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        token_type_hint: str | Unset = UNSET
        if not isinstance(self.token_type_hint, Unset):
            token_type_hint = self.token_type_hint

        client_id = self.client_id

        client_secret = self.client_secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "token": token,
            }
        )
        if token_type_hint is not UNSET:
            field_dict["token_type_hint"] = token_type_hint
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        token = d.pop("token")

        _token_type_hint = d.pop("token_type_hint", UNSET)
        token_type_hint: TokenTypeHint | Unset
        if isinstance(_token_type_hint, Unset):
            token_type_hint = UNSET
        else:
            token_type_hint = check_token_type_hint(_token_type_hint)

        client_id = d.pop("client_id", UNSET)

        client_secret = d.pop("client_secret", UNSET)

        introspection_request = cls(
            token=token,
            token_type_hint=token_type_hint,
            client_id=client_id,
            client_secret=client_secret,
        )

        introspection_request.additional_properties = d
        return introspection_request

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
