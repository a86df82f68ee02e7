from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.introspection_response_token_type import (
    IntrospectionResponseTokenType,
    check_introspection_response_token_type,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="IntrospectionResponse")


@_attrs_define
class IntrospectionResponse:
    """RFC 7662 §2.2. An inactive token (expired, revoked, malformed, or belonging to another tenant than the caller's) is
    reported only as `{"active": false}`, so introspection never reveals why or whose.

        Attributes:
            active (bool):
            scope (str | Unset): Space-separated scopes (RFC 6749 §3.3), each one of `Scope`.
            client_id (str | Unset):
            token_type (IntrospectionResponseTokenType | Unset):
            exp (int | Unset): Expiry, seconds since the epoch.
            iat (int | Unset): Issued at, seconds since the epoch.
            nbf (int | Unset): Not before, seconds since the epoch.
            sub (str | Unset):
            aud (list[str] | str | Unset):
            iss (str | Unset):
            jti (str | Unset):
            tenant_id (str | Unset):
            app_id (str | Unset):
            user_id (str | Unset):
    """

    active: bool
    scope: str | Unset = UNSET
    client_id: str | Unset = UNSET
    token_type: IntrospectionResponseTokenType | Unset = UNSET
    exp: int | Unset = UNSET
    iat: int | Unset = UNSET
    nbf: int | Unset = UNSET
    sub: str | Unset = UNSET
    aud: list[str] | str | Unset = UNSET
    iss: str | Unset = UNSET
    jti: str | Unset = UNSET
    tenant_id: str | Unset = UNSET
    app_id: str | Unset = UNSET
    user_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        scope = self.scope

        client_id = self.client_id

        token_type: str | Unset = UNSET
        if not isinstance(self.token_type, Unset):
            token_type = self.token_type

        exp = self.exp

        iat = self.iat

        nbf = self.nbf

        sub = self.sub

        aud: list[str] | str | Unset
        if isinstance(self.aud, Unset):
            aud = UNSET
        elif isinstance(self.aud, list):
            aud = self.aud

        else:
            aud = self.aud

        iss = self.iss

        jti = self.jti

        tenant_id = self.tenant_id

        app_id = self.app_id

        user_id = self.user_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "active": active,
            }
        )
        if scope is not UNSET:
            field_dict["scope"] = scope
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if token_type is not UNSET:
            field_dict["token_type"] = token_type
        if exp is not UNSET:
            field_dict["exp"] = exp
        if iat is not UNSET:
            field_dict["iat"] = iat
        if nbf is not UNSET:
            field_dict["nbf"] = nbf
        if sub is not UNSET:
            field_dict["sub"] = sub
        if aud is not UNSET:
            field_dict["aud"] = aud
        if iss is not UNSET:
            field_dict["iss"] = iss
        if jti is not UNSET:
            field_dict["jti"] = jti
        if tenant_id is not UNSET:
            field_dict["tenant_id"] = tenant_id
        if app_id is not UNSET:
            field_dict["app_id"] = app_id
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        scope = d.pop("scope", UNSET)

        client_id = d.pop("client_id", UNSET)

        _token_type = d.pop("token_type", UNSET)
        token_type: IntrospectionResponseTokenType | Unset
        if isinstance(_token_type, Unset):
            token_type = UNSET
        else:
            token_type = check_introspection_response_token_type(_token_type)

        exp = d.pop("exp", UNSET)

        iat = d.pop("iat", UNSET)

        nbf = d.pop("nbf", UNSET)

        sub = d.pop("sub", UNSET)

        def _parse_aud(data: object) -> list[str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                aud_type_1 = cast(list[str], data)

                return aud_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | Unset, data)

        aud = _parse_aud(d.pop("aud", UNSET))

        iss = d.pop("iss", UNSET)

        jti = d.pop("jti", UNSET)

        tenant_id = d.pop("tenant_id", UNSET)

        app_id = d.pop("app_id", UNSET)

        user_id = d.pop("user_id", UNSET)

        introspection_response = cls(
            active=active,
            scope=scope,
            client_id=client_id,
            token_type=token_type,
            exp=exp,
            iat=iat,
            nbf=nbf,
            sub=sub,
            aud=aud,
            iss=iss,
            jti=jti,
            tenant_id=tenant_id,
            app_id=app_id,
            user_id=user_id,
        )

        return introspection_response
