from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.analytics_row import AnalyticsRow


T = TypeVar("T", bound="AnalyticsResult")


@_attrs_define
class AnalyticsResult:
    """
    Attributes:
        rows (list[AnalyticsRow]): Ordered by bucket, then group. A query that would produce more than 10 000 rows fails
            with 400 `validation_failed` instead of returning a silently truncated result; narrow the range, coarsen the
            interval or group by less.
    """

    rows: list[AnalyticsRow]

    def to_dict(self) -> dict[str, Any]:
        from ..models.analytics_row import AnalyticsRow

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rows": rows,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.analytics_row import AnalyticsRow

        d = dict(src_dict)
        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = AnalyticsRow.from_dict(rows_item_data)

            rows.append(rows_item)

        analytics_result = cls(
            rows=rows,
        )

        return analytics_result
