from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.audit_actor_type import AuditActorType, check_audit_actor_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="AuditActor")


@_attrs_define
class AuditActor:
    """
    Attributes:
        type_ (AuditActorType): `app`: an app acting as itself; `user`: an app acting for `user_id`; `admin`: the
            operator's admin token; `system`: cPod itself (key rotation, expiry).
        id (str): The token's `sub`, `admin`, or the system component's name.
        app_id (None | str):
        user_id (None | str):
    """

    type_: AuditActorType
    id: str
    app_id: None | str
    user_id: None | str

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        id = self.id

        app_id: None | str
        app_id = self.app_id

        user_id: None | str
        user_id = self.user_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "id": id,
                "app_id": app_id,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_audit_actor_type(d.pop("type"))

        id = d.pop("id")

        def _parse_app_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        app_id = _parse_app_id(d.pop("app_id"))

        def _parse_user_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user_id = _parse_user_id(d.pop("user_id"))

        audit_actor = cls(
            type_=type_,
            id=id,
            app_id=app_id,
            user_id=user_id,
        )

        return audit_actor
