from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

T = TypeVar("T", bound="SecretMetadata")


@_attrs_define
class SecretMetadata:
    """Everything about a secret except its value; safe to list and log.

    Attributes:
        name (str):
        description (None | str): What the secret is for, as the last PUT set it; null when that PUT sent none.
        version (int): Grows by one on every PUT, so consumers can tell the value changed.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    name: str
    description: None | str
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description: None | str
        description = self.description

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "description": description,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        version = d.pop("version")

        created_at = isoparse(d.pop("created_at"))

        updated_at = isoparse(d.pop("updated_at"))

        secret_metadata = cls(
            name=name,
            description=description,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
        )

        return secret_metadata
