from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.o_auth_error_error import OAuthErrorError, check_o_auth_error_error
from ..types import UNSET, Unset

T = TypeVar("T", bound="OAuthError")


@_attrs_define
class OAuthError:
    """RFC 6749 §5.2 error response, the shape OAuth client libraries parse.

    Attributes:
        error (OAuthErrorError):
        error_description (str | Unset): Human-readable detail for the developer; never contains secrets.
    """

    error: OAuthErrorError
    error_description: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        error: str = self.error

        error_description = self.error_description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "error": error,
            }
        )
        if error_description is not UNSET:
            field_dict["error_description"] = error_description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        error = check_o_auth_error_error(d.pop("error"))

        error_description = d.pop("error_description", UNSET)

        o_auth_error = cls(
            error=error,
            error_description=error_description,
        )

        return o_auth_error
