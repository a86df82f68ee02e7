from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PersonCreate")


@_attrs_define
class PersonCreate:
    """A person in the tenant's directory. `external_id` links the record to the source system (HR system, identity
    provider) so a sync can upsert without duplicates.

        Attributes:
            display_name (str): The name to show; required because every listing needs something to display.
            email (str | Unset):
            first_name (str | Unset):
            last_name (str | Unset):
            external_id (str | Unset): Id of this person in the system of record.
    """

    display_name: str
    email: str | Unset = UNSET
    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    external_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        display_name = self.display_name

        email = self.email

        first_name = self.first_name

        last_name = self.last_name

        external_id = self.external_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "display_name": display_name,
            }
        )
        if email is not UNSET:
            field_dict["email"] = email
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if external_id is not UNSET:
            field_dict["external_id"] = external_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        display_name = d.pop("display_name")

        email = d.pop("email", UNSET)

        first_name = d.pop("first_name", UNSET)

        last_name = d.pop("last_name", UNSET)

        external_id = d.pop("external_id", UNSET)

        person_create = cls(
            display_name=display_name,
            email=email,
            first_name=first_name,
            last_name=last_name,
            external_id=external_id,
        )

        return person_create
