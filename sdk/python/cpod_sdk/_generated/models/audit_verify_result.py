from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuditVerifyResult")


@_attrs_define
class AuditVerifyResult:
    """
    Attributes:
        valid (bool): True when every record's hash, link and sequence number checks out.
        checked (int): Number of records recomputed.
        first_invalid_sequence (int | Unset): The first record whose hash does not match its content, whose
            `previous_hash` does not match its predecessor, or that follows a gap. Present only when `valid` is false.
    """

    valid: bool
    checked: int
    first_invalid_sequence: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        valid = self.valid

        checked = self.checked

        first_invalid_sequence = self.first_invalid_sequence

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "valid": valid,
                "checked": checked,
            }
        )
        if first_invalid_sequence is not UNSET:
            field_dict["first_invalid_sequence"] = first_invalid_sequence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        valid = d.pop("valid")

        checked = d.pop("checked")

        first_invalid_sequence = d.pop("first_invalid_sequence", UNSET)

        audit_verify_result = cls(
            valid=valid,
            checked=checked,
            first_invalid_sequence=first_invalid_sequence,
        )

        return audit_verify_result
