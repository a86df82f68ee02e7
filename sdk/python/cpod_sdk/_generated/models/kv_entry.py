from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

T = TypeVar("T", bound="KvEntry")


@_attrs_define
class KvEntry:
    """
    Attributes:
        key (str):
        value (Any): Any JSON value (object, array, string, number, boolean or null), stored as given. At most 64 KiB
            once serialized (413 otherwise).
        version (int): Starts at 1 and grows by one on every write (PUT or incr), so `if_version` can detect a
            concurrent writer.
        expires_at (datetime.datetime | None): When the entry disappears; `null` when it never expires.
    """

    key: str
    value: Any
    version: int
    expires_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        value = self.value

        version = self.version

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "key": key,
                "value": value,
                "version": version,
                "expires_at": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        value = d.pop("value")

        version = d.pop("version")

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_kv_expires_at_type_0 = isoparse(data)

                return componentsschemas_kv_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        kv_entry = cls(
            key=key,
            value=value,
            version=version,
            expires_at=expires_at,
        )

        return kv_entry
