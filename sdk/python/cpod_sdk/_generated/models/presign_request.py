from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.presign_request_method import (
    PresignRequestMethod,
    check_presign_request_method,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="PresignRequest")


@_attrs_define
class PresignRequest:
    """
    Attributes:
        method (PresignRequestMethod): `GET` to let someone download the object, `PUT` to let someone upload it.
        expires_in (int | Unset): Seconds the URL stays valid. Capped at one hour because a presigned URL is a bearer
            credential that cannot be revoked before it expires. Default: 300.
    """

    method: PresignRequestMethod
    expires_in: int | Unset = 300

    def to_dict(self) -> dict[str, Any]:
        method: str = self.method

        expires_in = self.expires_in

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "method": method,
            }
        )
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        method = check_presign_request_method(d.pop("method"))

        expires_in = d.pop("expires_in", UNSET)

        presign_request = cls(
            method=method,
            expires_in=expires_in,
        )

        return presign_request
