from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.analytics_row_group import AnalyticsRowGroup


T = TypeVar("T", bound="AnalyticsRow")


@_attrs_define
class AnalyticsRow:
    """
    Attributes:
        bucket (datetime.datetime | None): Start of the time bucket; `null` when no `interval` was asked for.
        group (AnalyticsRowGroup): The `group_by` values of this row, by property name; `{}` without `group_by`.
        value (float | None): The aggregate; `null` for `avg` over no values.
    """

    bucket: datetime.datetime | None
    group: AnalyticsRowGroup
    value: float | None

    def to_dict(self) -> dict[str, Any]:
        from ..models.analytics_row_group import AnalyticsRowGroup

        bucket: None | str
        if isinstance(self.bucket, datetime.datetime):
            bucket = self.bucket.isoformat()
        else:
            bucket = self.bucket

        group = self.group.to_dict()

        value: float | None
        value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "bucket": bucket,
                "group": group,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.analytics_row_group import AnalyticsRowGroup

        d = dict(src_dict)

        def _parse_bucket(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                bucket_type_0 = isoparse(data)

                return bucket_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        bucket = _parse_bucket(d.pop("bucket"))

        group = AnalyticsRowGroup.from_dict(d.pop("group"))

        def _parse_value(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        value = _parse_value(d.pop("value"))

        analytics_row = cls(
            bucket=bucket,
            group=group,
            value=value,
        )

        return analytics_row
