from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

T = TypeVar("T", bound="FileObject")


@_attrs_define
class FileObject:
    """Metadata of a stored object.

    Attributes:
        path (str):
        size (int): Size in bytes.
        content_type (str):
        etag (str): Same value as the `ETag` header, for `If-Match`.
        sha256 (str):
        updated_at (datetime.datetime):
    """

    path: str
    size: int
    content_type: str
    etag: str
    sha256: str
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        path = self.path

        size = self.size

        content_type = self.content_type

        etag = self.etag

        sha256 = self.sha256

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "path": path,
                "size": size,
                "content_type": content_type,
                "etag": etag,
                "sha256": sha256,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        path = d.pop("path")

        size = d.pop("size")

        content_type = d.pop("content_type")

        etag = d.pop("etag")

        sha256 = d.pop("sha256")

        updated_at = isoparse(d.pop("updated_at"))

        file_object = cls(
            path=path,
            size=size,
            content_type=content_type,
            etag=etag,
            sha256=sha256,
            updated_at=updated_at,
        )

        return file_object
