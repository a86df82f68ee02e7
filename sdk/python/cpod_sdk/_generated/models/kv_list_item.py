from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

T = TypeVar("T", bound="KvListItem")


@_attrs_define
class KvListItem:
    """A key without its value, so listing stays cheap however large values are.

    Attributes:
        key (str):
        version (int): Starts at 1 and grows by one on every write (PUT or incr), so `if_version` can detect a
            concurrent writer.
        expires_at (datetime.datetime | None): When the entry disappears; `null` when it never expires.
    """

    key: str
    version: int
    expires_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        key = self.key

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
                "version": version,
                "expires_at": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

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

        kv_list_item = cls(
            key=key,
            version=version,
            expires_at=expires_at,
        )

        return kv_list_item
