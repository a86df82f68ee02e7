from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

T = TypeVar("T", bound="PresignResponse")


@_attrs_define
class PresignResponse:
    """
    Attributes:
        url (str): Use it without an Authorization header, with the given method, before `expires_at`. It is bound to
            this object path, tenant and tier.
        expires_at (datetime.datetime):
    """

    url: str
    expires_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
                "expires_at": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        expires_at = isoparse(d.pop("expires_at"))

        presign_response = cls(
            url=url,
            expires_at=expires_at,
        )

        return presign_response
