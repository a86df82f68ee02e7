from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.secret_metadata import SecretMetadata


T = TypeVar("T", bound="SecretList")


@_attrs_define
class SecretList:
    """
    Attributes:
        items (list[SecretMetadata]):
        next_cursor (None | str): Pass as `cursor` to get the next page; `null` on the last page (never an empty string,
            so every SDK can stop on `null` alone). Paging is by cursor, not offset, so concurrent inserts never make a page
            skip or repeat items.
    """

    items: list[SecretMetadata]
    next_cursor: None | str

    def to_dict(self) -> dict[str, Any]:
        from ..models.secret_metadata import SecretMetadata

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        next_cursor: None | str
        next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "items": items,
                "next_cursor": next_cursor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.secret_metadata import SecretMetadata

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = SecretMetadata.from_dict(items_item_data)

            items.append(items_item)

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        secret_list = cls(
            items=items,
            next_cursor=next_cursor,
        )

        return secret_list
