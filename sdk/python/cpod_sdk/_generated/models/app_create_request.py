from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.app_type import AppType, check_app_type
from ..models.scope import Scope, check_scope
from ..types import UNSET, Unset

T = TypeVar("T", bound="AppCreateRequest")


@_attrs_define
class AppCreateRequest:
    """
    Attributes:
        tenant_id (str): `ten_` + ULID.
        name (str): Human-readable name shown in consoles and audit views.
        declared_scopes (list[Scope]): The scopes the app may ever request. Tokens never carry more; narrowing happens
            per token request with `scope`.
        app_type (AppType): `service`: a backend acting only as itself (machine to machine). `web`: a server-side
            application acting for its signed-in end users; only it may request user-delegated tokens (`user_id` at the
            token endpoint), which come with refresh tokens. Both are confidential clients: cPod issues no public clients
            because every app holds a secret.
        client_id (str | Unset): OAuth client id, also the app's `app_id` in tokens, records and audit. Generated as
            `app_` + ULID unless chosen at creation (useful to keep ids stable across environments).
    """

    tenant_id: str
    name: str
    declared_scopes: list[Scope]
    app_type: AppType
    client_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        tenant_id = self.tenant_id

        name = self.name

        declared_scopes = []
        for componentsschemas_declared_scopes_item_data in self.declared_scopes:
            componentsschemas_declared_scopes_item: str = (
                componentsschemas_declared_scopes_item_data
            )
            declared_scopes.append(componentsschemas_declared_scopes_item)

        app_type: str = self.app_type

        client_id = self.client_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "tenant_id": tenant_id,
                "name": name,
                "declared_scopes": declared_scopes,
                "app_type": app_type,
            }
        )
        if client_id is not UNSET:
            field_dict["client_id"] = client_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        tenant_id = d.pop("tenant_id")

        name = d.pop("name")

        declared_scopes = []
        _declared_scopes = d.pop("declared_scopes")
        for componentsschemas_declared_scopes_item_data in _declared_scopes:
            componentsschemas_declared_scopes_item = check_scope(
                componentsschemas_declared_scopes_item_data
            )

            declared_scopes.append(componentsschemas_declared_scopes_item)

        app_type = check_app_type(d.pop("app_type"))

        client_id = d.pop("client_id", UNSET)

        app_create_request = cls(
            tenant_id=tenant_id,
            name=name,
            declared_scopes=declared_scopes,
            app_type=app_type,
            client_id=client_id,
        )

        return app_create_request
