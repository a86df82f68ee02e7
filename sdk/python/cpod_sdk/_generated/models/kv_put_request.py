from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="KvPutRequest")


@_attrs_define
class KvPutRequest:
    """
    Attributes:
        value (Any): Any JSON value (object, array, string, number, boolean or null), stored as given. At most 64 KiB
            once serialized (413 otherwise).
        ttl_seconds (int | Unset): Expire the entry after this many seconds (at most one year). Absent means no expiry.
        if_version (int | Unset): Compare-and-set: write only if the entry is at this version, else 412. `0` means "only
            if the key does not exist yet", for create-once semantics.
    """

    value: Any
    ttl_seconds: int | Unset = UNSET
    if_version: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        value = self.value

        ttl_seconds = self.ttl_seconds

        if_version = self.if_version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "value": value,
            }
        )
        if ttl_seconds is not UNSET:
            field_dict["ttl_seconds"] = ttl_seconds
        if if_version is not UNSET:
            field_dict["if_version"] = if_version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        value = d.pop("value")

        ttl_seconds = d.pop("ttl_seconds", UNSET)

        if_version = d.pop("if_version", UNSET)

        kv_put_request = cls(
            value=value,
            ttl_seconds=ttl_seconds,
            if_version=if_version,
        )

        return kv_put_request
