from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GroupCreate")


@_attrs_define
class GroupCreate:
    """A group of people. Membership is stored on the group as person ids so one read answers "who is in this team".

    Attributes:
        name (str):
        description (str | Unset):
        member_ids (list[str] | Unset): Ids of the member people, without duplicates. At most 1000 so a group stays one
            document; model larger populations with a filter on people instead.
    """

    name: str
    description: str | Unset = UNSET
    member_ids: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        member_ids: list[str] | Unset = UNSET
        if not isinstance(self.member_ids, Unset):
            member_ids = self.member_ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
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
        name = d.pop("name")

        description = d.pop("description", UNSET)

        member_ids = cast(list[str], d.pop("member_ids", UNSET))

        group_create = cls(
            name=name,
            description=description,
            member_ids=member_ids,
        )

        return group_create
