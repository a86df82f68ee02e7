from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

T = TypeVar("T", bound="SoftwareLicenseCreate")


@_attrs_define
class SoftwareLicenseCreate:
    """A license for a software product with a number of seats. Indexing `expires_on` lets a renewal report filter on
    "expires before".

        Attributes:
            product (str):
            vendor (str | Unset):
            seats (int | Unset): Seats purchased. Not enforced against `assigned_to`, which may briefly exceed it during a
                transfer.
            expires_on (datetime.date | Unset): Last day the license is valid; absent for perpetual licenses.
            assigned_to (list[str] | Unset): Ids of the people holding a seat, without duplicates.
    """

    product: str
    vendor: str | Unset = UNSET
    seats: int | Unset = UNSET
    expires_on: datetime.date | Unset = UNSET
    assigned_to: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        product = self.product

        vendor = self.vendor

        seats = self.seats

        expires_on: str | Unset = UNSET
        if not isinstance(self.expires_on, Unset):
            expires_on = self.expires_on.isoformat()

        assigned_to: list[str] | Unset = UNSET
        if not isinstance(self.assigned_to, Unset):
            assigned_to = self.assigned_to

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "product": product,
            }
        )
        if vendor is not UNSET:
            field_dict["vendor"] = vendor
        if seats is not UNSET:
            field_dict["seats"] = seats
        if expires_on is not UNSET:
            field_dict["expires_on"] = expires_on
        if assigned_to is not UNSET:
            field_dict["assigned_to"] = assigned_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product = d.pop("product")

        vendor = d.pop("vendor", UNSET)

        seats = d.pop("seats", UNSET)

        _expires_on = d.pop("expires_on", UNSET)
        expires_on: datetime.date | Unset
        if isinstance(_expires_on, Unset):
            expires_on = UNSET
        else:
            expires_on = isoparse(_expires_on).date()

        assigned_to = cast(list[str], d.pop("assigned_to", UNSET))

        software_license_create = cls(
            product=product,
            vendor=vendor,
            seats=seats,
            expires_on=expires_on,
            assigned_to=assigned_to,
        )

        return software_license_create
