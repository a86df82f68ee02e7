from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.technology_asset_update_asset_type import (
    TechnologyAssetUpdateAssetType,
    check_technology_asset_update_asset_type,
)
from ..models.technology_asset_update_status import (
    TechnologyAssetUpdateStatus,
    check_technology_asset_update_status,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="TechnologyAssetUpdate")


@_attrs_define
class TechnologyAssetUpdate:
    """Fields to change on a TechnologyAsset; absent fields keep their value.

    Attributes:
        name (str | Unset):
        asset_type (TechnologyAssetUpdateAssetType | Unset):
        vendor (str | Unset):
        serial_number (str | Unset): Manufacturer serial; indexed so a device found in a drawer can be looked up.
        owner_id (str | Unset): The person responsible for the asset.
        status (TechnologyAssetUpdateStatus | Unset): Lifecycle state; `retired` and `lost` assets are kept for the
            audit trail.
    """

    name: str | Unset = UNSET
    asset_type: TechnologyAssetUpdateAssetType | Unset = UNSET
    vendor: str | Unset = UNSET
    serial_number: str | Unset = UNSET
    owner_id: str | Unset = UNSET
    status: TechnologyAssetUpdateStatus | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
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
        name = d.pop("name", UNSET)

        _asset_type = d.pop("asset_type", UNSET)
        asset_type: TechnologyAssetUpdateAssetType | Unset
        if isinstance(_asset_type, Unset):
            asset_type = UNSET
        else:
            asset_type = check_technology_asset_update_asset_type(_asset_type)

        vendor = d.pop("vendor", UNSET)

        serial_number = d.pop("serial_number", UNSET)

        owner_id = d.pop("owner_id", UNSET)

        _status = d.pop("status", UNSET)
        status: TechnologyAssetUpdateStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = check_technology_asset_update_status(_status)

        technology_asset_update = cls(
            name=name,
            asset_type=asset_type,
            vendor=vendor,
            serial_number=serial_number,
            owner_id=owner_id,
            status=status,
        )

        return technology_asset_update
