from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.app_type import AppType, check_app_type
from ..models.scope import Scope, check_scope
from ..types import UNSET, Unset

T = TypeVar("T", bound="App")


@_attrs_define
class App:
    """An app as stored. The secret is never part of it.

    Attributes:
        client_id (str): OAuth client id, also the app's `app_id` in tokens, records and audit. Generated as `app_` +
            ULID unless chosen at creation (useful to keep ids stable across environments).
        tenant_id (str): `ten_` + ULID.
        name (str): Human-readable name shown in consoles and audit views.
        declared_scopes (list[Scope]): The scopes the app may ever request. Tokens never carry more; narrowing happens
            per token request with `scope`.
        app_type (AppType): `service`: a backend acting only as itself (machine to machine). `web`: a server-side
            application acting for its signed-in end users; only it may request user-delegated tokens (`user_id` at the
            token endpoint), which come with refresh tokens. Both are confidential clients: cPod issues no public clients
            because every app holds a secret.
        created_at (datetime.datetime):
        secret_rotated_at (datetime.datetime | None): When the secret was last rotated; `null` if never.
    """

    client_id: str
    tenant_id: str
    name: str
    declared_scopes: list[Scope]
    app_type: AppType
    created_at: datetime.datetime
    secret_rotated_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        tenant_id = self.tenant_id

        name = self.name

        declared_scopes = []
        for componentsschemas_declared_scopes_item_data in self.declared_scopes:
            componentsschemas_declared_scopes_item: str = (
                componentsschemas_declared_scopes_item_data
            )
            declared_scopes.append(componentsschemas_declared_scopes_item)

        app_type: str = self.app_type

        created_at = self.created_at.isoformat()

        secret_rotated_at: None | str
        if isinstance(self.secret_rotated_at, datetime.datetime):
            secret_rotated_at = self.secret_rotated_at.isoformat()
        else:
            secret_rotated_at = self.secret_rotated_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "client_id": client_id,
                "tenant_id": tenant_id,
                "name": name,
                "declared_scopes": declared_scopes,
                "app_type": app_type,
                "created_at": created_at,
                "secret_rotated_at": secret_rotated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("client_id")

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

        created_at = isoparse(d.pop("created_at"))

        def _parse_secret_rotated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                secret_rotated_at_type_0 = isoparse(data)

                return secret_rotated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        secret_rotated_at = _parse_secret_rotated_at(d.pop("secret_rotated_at"))

        app = cls(
            client_id=client_id,
            tenant_id=tenant_id,
            name=name,
            declared_scopes=declared_scopes,
            app_type=app_type,
            created_at=created_at,
            secret_rotated_at=secret_rotated_at,
        )

        return app
