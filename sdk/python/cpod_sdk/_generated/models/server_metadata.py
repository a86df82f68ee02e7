from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.client_auth_method import ClientAuthMethod, check_client_auth_method
from ..models.scope import Scope, check_scope
from ..models.server_metadata_grant_types_supported_item import (
    ServerMetadataGrantTypesSupportedItem,
    check_server_metadata_grant_types_supported_item,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ServerMetadata")


@_attrs_define
class ServerMetadata:
    """RFC 8414 authorization server metadata. It is also served at `/.well-known/openid-configuration` because many
    clients only look there; cPod issues no ID tokens, so OpenID-only fields are absent.

        Attributes:
            issuer (str): The `iss` of every token (`CORESDK_JWT_ISSUER` on the verifying side).
            token_endpoint (str):
            jwks_uri (str):
            introspection_endpoint (str):
            revocation_endpoint (str):
            response_types_supported (list[str]): Empty; there is no authorization endpoint (RFC 8414 requires the member).
            grant_types_supported (list[ServerMetadataGrantTypesSupportedItem]):
            token_endpoint_auth_methods_supported (list[ClientAuthMethod]):
            scopes_supported (list[Scope]):
            introspection_endpoint_auth_methods_supported (list[ClientAuthMethod] | Unset):
            revocation_endpoint_auth_methods_supported (list[ClientAuthMethod] | Unset):
    """

    issuer: str
    token_endpoint: str
    jwks_uri: str
    introspection_endpoint: str
    revocation_endpoint: str
    response_types_supported: list[str]
    grant_types_supported: list[ServerMetadataGrantTypesSupportedItem]
    token_endpoint_auth_methods_supported: list[ClientAuthMethod]
    scopes_supported: list[Scope]
    introspection_endpoint_auth_methods_supported: list[ClientAuthMethod] | Unset = (
        UNSET
    )
    revocation_endpoint_auth_methods_supported: list[ClientAuthMethod] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        issuer = self.issuer

        token_endpoint = self.token_endpoint

        jwks_uri = self.jwks_uri

        introspection_endpoint = self.introspection_endpoint

        revocation_endpoint = self.revocation_endpoint

        response_types_supported = self.response_types_supported

        grant_types_supported = []
        for grant_types_supported_item_data in self.grant_types_supported:
            grant_types_supported_item: str = grant_types_supported_item_data
            grant_types_supported.append(grant_types_supported_item)

        token_endpoint_auth_methods_supported = []
        for (
            token_endpoint_auth_methods_supported_item_data
        ) in self.token_endpoint_auth_methods_supported:
            token_endpoint_auth_methods_supported_item: str = (
                token_endpoint_auth_methods_supported_item_data
            )
            token_endpoint_auth_methods_supported.append(
                token_endpoint_auth_methods_supported_item
            )

        scopes_supported = []
        for scopes_supported_item_data in self.scopes_supported:
            scopes_supported_item: str = scopes_supported_item_data
            scopes_supported.append(scopes_supported_item)

        introspection_endpoint_auth_methods_supported: list[str] | Unset = UNSET
        if not isinstance(self.introspection_endpoint_auth_methods_supported, Unset):
            introspection_endpoint_auth_methods_supported = []
            for (
                introspection_endpoint_auth_methods_supported_item_data
            ) in self.introspection_endpoint_auth_methods_supported:
                introspection_endpoint_auth_methods_supported_item: str = (
                    introspection_endpoint_auth_methods_supported_item_data
                )
                introspection_endpoint_auth_methods_supported.append(
                    introspection_endpoint_auth_methods_supported_item
                )

        revocation_endpoint_auth_methods_supported: list[str] | Unset = UNSET
        if not isinstance(self.revocation_endpoint_auth_methods_supported, Unset):
            revocation_endpoint_auth_methods_supported = []
            for (
                revocation_endpoint_auth_methods_supported_item_data
            ) in self.revocation_endpoint_auth_methods_supported:
                revocation_endpoint_auth_methods_supported_item: str = (
                    revocation_endpoint_auth_methods_supported_item_data
                )
                revocation_endpoint_auth_methods_supported.append(
                    revocation_endpoint_auth_methods_supported_item
                )

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "issuer": issuer,
                "token_endpoint": token_endpoint,
                "jwks_uri": jwks_uri,
                "introspection_endpoint": introspection_endpoint,
                "revocation_endpoint": revocation_endpoint,
                "response_types_supported": response_types_supported,
                "grant_types_supported": grant_types_supported,
                "token_endpoint_auth_methods_supported": token_endpoint_auth_methods_supported,
                "scopes_supported": scopes_supported,
            }
        )
        if introspection_endpoint_auth_methods_supported is not UNSET:
            field_dict["introspection_endpoint_auth_methods_supported"] = (
                introspection_endpoint_auth_methods_supported
            )
        if revocation_endpoint_auth_methods_supported is not UNSET:
            field_dict["revocation_endpoint_auth_methods_supported"] = (
                revocation_endpoint_auth_methods_supported
            )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        issuer = d.pop("issuer")

        token_endpoint = d.pop("token_endpoint")

        jwks_uri = d.pop("jwks_uri")

        introspection_endpoint = d.pop("introspection_endpoint")

        revocation_endpoint = d.pop("revocation_endpoint")

        response_types_supported = cast(list[str], d.pop("response_types_supported"))

        grant_types_supported = []
        _grant_types_supported = d.pop("grant_types_supported")
        for grant_types_supported_item_data in _grant_types_supported:
            grant_types_supported_item = (
                check_server_metadata_grant_types_supported_item(
                    grant_types_supported_item_data
                )
            )

            grant_types_supported.append(grant_types_supported_item)

        token_endpoint_auth_methods_supported = []
        _token_endpoint_auth_methods_supported = d.pop(
            "token_endpoint_auth_methods_supported"
        )
        for (
            token_endpoint_auth_methods_supported_item_data
        ) in _token_endpoint_auth_methods_supported:
            token_endpoint_auth_methods_supported_item = check_client_auth_method(
                token_endpoint_auth_methods_supported_item_data
            )

            token_endpoint_auth_methods_supported.append(
                token_endpoint_auth_methods_supported_item
            )

        scopes_supported = []
        _scopes_supported = d.pop("scopes_supported")
        for scopes_supported_item_data in _scopes_supported:
            scopes_supported_item = check_scope(scopes_supported_item_data)

            scopes_supported.append(scopes_supported_item)

        _introspection_endpoint_auth_methods_supported = d.pop(
            "introspection_endpoint_auth_methods_supported", UNSET
        )
        introspection_endpoint_auth_methods_supported: (
            list[ClientAuthMethod] | Unset
        ) = UNSET
        if _introspection_endpoint_auth_methods_supported is not UNSET:
            introspection_endpoint_auth_methods_supported = []
            for (
                introspection_endpoint_auth_methods_supported_item_data
            ) in _introspection_endpoint_auth_methods_supported:
                introspection_endpoint_auth_methods_supported_item = (
                    check_client_auth_method(
                        introspection_endpoint_auth_methods_supported_item_data
                    )
                )

                introspection_endpoint_auth_methods_supported.append(
                    introspection_endpoint_auth_methods_supported_item
                )

        _revocation_endpoint_auth_methods_supported = d.pop(
            "revocation_endpoint_auth_methods_supported", UNSET
        )
        revocation_endpoint_auth_methods_supported: list[ClientAuthMethod] | Unset = (
            UNSET
        )
        if _revocation_endpoint_auth_methods_supported is not UNSET:
            revocation_endpoint_auth_methods_supported = []
            for (
                revocation_endpoint_auth_methods_supported_item_data
            ) in _revocation_endpoint_auth_methods_supported:
                revocation_endpoint_auth_methods_supported_item = (
                    check_client_auth_method(
                        revocation_endpoint_auth_methods_supported_item_data
                    )
                )

                revocation_endpoint_auth_methods_supported.append(
                    revocation_endpoint_auth_methods_supported_item
                )

        server_metadata = cls(
            issuer=issuer,
            token_endpoint=token_endpoint,
            jwks_uri=jwks_uri,
            introspection_endpoint=introspection_endpoint,
            revocation_endpoint=revocation_endpoint,
            response_types_supported=response_types_supported,
            grant_types_supported=grant_types_supported,
            token_endpoint_auth_methods_supported=token_endpoint_auth_methods_supported,
            scopes_supported=scopes_supported,
            introspection_endpoint_auth_methods_supported=introspection_endpoint_auth_methods_supported,
            revocation_endpoint_auth_methods_supported=revocation_endpoint_auth_methods_supported,
        )

        return server_metadata
