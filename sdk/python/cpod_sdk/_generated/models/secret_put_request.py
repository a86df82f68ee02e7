from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SecretPutRequest")


@_attrs_define
class SecretPutRequest:
    """
    Attributes:
        value (str): The secret (at most 64 KiB). Binary secrets go base64-encoded.
        description (str | Unset): What the secret is for. Not secret; shown in listings, so never put the value here.
            Omitting it clears the stored description (PUT replaces the whole secret).
    """

    value: str
    description: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        value = self.value

        description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "value": value,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        value = d.pop("value")

        description = d.pop("description", UNSET)

        secret_put_request = cls(
            value=value,
            description=description,
        )

        return secret_put_request
