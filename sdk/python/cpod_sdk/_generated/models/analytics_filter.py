from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.analytics_filter_op import AnalyticsFilterOp, check_analytics_filter_op
from ..types import UNSET, Unset

T = TypeVar("T", bound="AnalyticsFilter")


@_attrs_define
class AnalyticsFilter:
    """
    Attributes:
        property_ (str): Name of a key in the events' `properties`; `user_id` refers to the event's user. The restricted
            alphabet is what lets names be used safely as query identifiers.
        op (AnalyticsFilterOp):
        value (bool | float | list[bool | float | str] | str): A scalar, or for `in` an array of up to 100 scalars.
    """

    property_: str
    op: AnalyticsFilterOp
    value: bool | float | list[bool | float | str] | str

    def to_dict(self) -> dict[str, Any]:
        property_ = self.property_

        op: str = self.op

        value: bool | float | list[bool | float | str] | str
        if isinstance(self.value, list):
            value = []
            for value_type_1_item_data in self.value:
                value_type_1_item: bool | float | str
                value_type_1_item = value_type_1_item_data
                value.append(value_type_1_item)

        else:
            value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "property": property_,
                "op": op,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        property_ = d.pop("property")

        op = check_analytics_filter_op(d.pop("op"))

        def _parse_value(data: object) -> bool | float | list[bool | float | str] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                value_type_1 = []
                _value_type_1 = data
                for value_type_1_item_data in _value_type_1:

                    def _parse_value_type_1_item(data: object) -> bool | float | str:
                        return cast(bool | float | str, data)

                    value_type_1_item = _parse_value_type_1_item(value_type_1_item_data)

                    value_type_1.append(value_type_1_item)

                return value_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | float | list[bool | float | str] | str, data)

        value = _parse_value(d.pop("value"))

        analytics_filter = cls(
            property_=property_,
            op=op,
            value=value,
        )

        return analytics_filter
