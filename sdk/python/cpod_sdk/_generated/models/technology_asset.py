from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.technology_asset_asset_type import (
    TechnologyAssetAssetType,
    check_technology_asset_asset_type,
)
from ..models.technology_asset_status import (
    TechnologyAssetStatus,
    check_technology_asset_status,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="TechnologyAsset")


@_attrs_define
class TechnologyAsset:
    """A tracked device or system, optionally assigned to the person responsible for it.

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
        asset_type (TechnologyAssetAssetType | Unset):
        vendor (str | Unset):
        serial_number (str | Unset): Manufacturer serial; indexed so a device found in a drawer can be looked up.
        owner_id (str | Unset): The person responsible for the asset.
        status (TechnologyAssetStatus | Unset): Lifecycle state; `retired` and `lost` assets are kept for the audit
            trail. Default: 'in_stock'.
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
    asset_type: TechnologyAssetAssetType | Unset = UNSET
    vendor: str | Unset = UNSET
    serial_number: str | Unset = UNSET
    owner_id: str | Unset = UNSET
    status: TechnologyAssetStatus | Unset = "in_stock"

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

        asset_type: str | Unset = UNSET
        if not isinstance(self.asset_type, Unset):
            asset_type = self.asset_type

        vendor = self.vendor

        serial_number = self.serial_number

        owner_id = self.owner_id

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status

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
        if asset_type is not UNSET:
            field_dict["asset_type"] = asset_type
        if vendor is not UNSET:
            field_dict["vendor"] = vendor
        if serial_number is not UNSET:
            field_dict["serial_number"] = serial_number
        if owner_id is not UNSET:
            field_dict["owner_id"] = owner_id
        if status is not UNSET:
            field_dict["status"] = status

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

        _asset_type = d.pop("asset_type", UNSET)
        asset_type: TechnologyAssetAssetType | Unset
        if isinstance(_asset_type, Unset):
            asset_type = UNSET
        else:
            asset_type = check_technology_asset_asset_type(_asset_type)

        vendor = d.pop("vendor", UNSET)

        serial_number = d.pop("serial_number", UNSET)

        owner_id = d.pop("owner_id", UNSET)

        _status = d.pop("status", UNSET)
        status: TechnologyAssetStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = check_technology_asset_status(_status)

        technology_asset = cls(
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
            asset_type=asset_type,
            vendor=vendor,
            serial_number=serial_number,
            owner_id=owner_id,
            status=status,
        )

        return technology_asset
