from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

T = TypeVar("T", bound="Group")


@_attrs_define
class Group:
    """A group of people. Membership is stored on the group as person ids so one read answers "who is in this team".

    Attributes:
        id (str): The entity type's `id_prefix`, `_`, and a ULID (so ids sort by creation time).
        tenant_id (str): Owning tenant, from the token that created the entity.
        app_id (str): The app that created the entity.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        created_by (str): The creating token's `sub` (the user when acting for one, else the app).
        updated_by (str): The last writer's `sub`.
        version (int): Optimistic-concurrency counter, 1 on create and +1 on every update. Send it back as `If-Match:
            "<version>"` on update and delete to get 412 instead of overwriting a concurrent change.
        is_deleted (bool): Soft-delete flag. Deleted entities are hidden from get and list but kept, so a deletion can
            be audited and undone by an operator.
        deleted_at (datetime.datetime | None): When the entity was soft-deleted; `null` while it is live.
        name (str):
        description (str | Unset):
        member_ids (list[str] | Unset): Ids of the member people, without duplicates. At most 1000 so a group stays one
            document; model larger populations with a filter on people instead.
    """

    id: str
    tenant_id: str
    app_id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    created_by: str
    updated_by: str
    version: int
    is_deleted: bool
    deleted_at: datetime.datetime | None
    name: str
    description: str | Unset = UNSET
    member_ids: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        tenant_id = self.tenant_id

        app_id = self.app_id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        created_by = self.created_by

        updated_by = self.updated_by

        version = self.version

        is_deleted = self.is_deleted

        deleted_at: None | str
        if isinstance(self.deleted_at, datetime.datetime):
            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        name = self.name

        description = self.description

        member_ids: list[str] | Unset = UNSET
        if not isinstance(self.member_ids, Unset):
            member_ids = self.member_ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "tenant_id": tenant_id,
                "app_id": app_id,
                "created_at": created_at,
                "updated_at": updated_at,
                "created_by": created_by,
                "updated_by": updated_by,
                "version": version,
                "is_deleted": is_deleted,
                "deleted_at": deleted_at,
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if member_ids is not UNSET:
            field_dict["member_ids"] = member_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        tenant_id = d.pop("tenant_id")

        app_id = d.pop("app_id")

        created_at = isoparse(d.pop("created_at"))

        updated_at = isoparse(d.pop("updated_at"))

        created_by = d.pop("created_by")

        updated_by = d.pop("updated_by")

        version = d.pop("version")

        is_deleted = d.pop("is_deleted")

        def _parse_deleted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deleted_at_type_0 = isoparse(data)

                return deleted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        deleted_at = _parse_deleted_at(d.pop("deleted_at"))

        name = d.pop("name")

        description = d.pop("description", UNSET)

        member_ids = cast(list[str], d.pop("member_ids", UNSET))

        group = cls(
            id=id,
            tenant_id=tenant_id,
            app_id=app_id,
            created_at=created_at,
            updated_at=updated_at,
            created_by=created_by,
            updated_by=updated_by,
            version=version,
            is_deleted=is_deleted,
            deleted_at=deleted_at,
            name=name,
            description=description,
            member_ids=member_ids,
        )

        return group
