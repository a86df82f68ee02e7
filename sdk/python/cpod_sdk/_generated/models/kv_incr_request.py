from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="KvIncrRequest")


@_attrs_define
class KvIncrRequest:
    """
    Attributes:
        by (int | Unset): Amount to add (negative to subtract). A missing key counts as 0. Bounded to the range
            JavaScript numbers hold exactly. Default: 1.
    """

    by: int | Unset = 1

    def to_dict(self) -> dict[str, Any]:
        by = self.by

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if by is not UNSET:
            field_dict["by"] = by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        by = d.pop("by", UNSET)

        kv_incr_request = cls(
            by=by,
        )

        return kv_incr_request
