from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.analytics_query_aggregate import (
    AnalyticsQueryAggregate,
    check_analytics_query_aggregate,
)
from ..models.analytics_query_interval import (
    AnalyticsQueryInterval,
    check_analytics_query_interval,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.analytics_filter import AnalyticsFilter


T = TypeVar("T", bound="AnalyticsQuery")


@_attrs_define
class AnalyticsQuery:
    """Aggregate one event over `[from, to)`, at most 366 days. `sum` and `avg` need `property`, whose values are read as
    numbers.

        Attributes:
            event (str): Event name, e.g. `checkout.completed`.
            from_ (datetime.datetime): Start, inclusive.
            to (datetime.datetime): End, exclusive.
            aggregate (AnalyticsQueryAggregate):
            interval (AnalyticsQueryInterval | Unset): Bucket size. Absent means one bucket for the whole range.
            group_by (list[str] | Unset):
            property_ (str | Unset): Name of a key in the events' `properties`; `user_id` refers to the event's user. The
                restricted alphabet is what lets names be used safely as query identifiers.
            filters (list[AnalyticsFilter] | Unset): All filters must hold (AND).
    """

    event: str
    from_: datetime.datetime
    to: datetime.datetime
    aggregate: AnalyticsQueryAggregate
    interval: AnalyticsQueryInterval | Unset = UNSET
    group_by: list[str] | Unset = UNSET
    property_: str | Unset = UNSET
    filters: list[AnalyticsFilter] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.analytics_filter import AnalyticsFilter

        event = self.event

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        aggregate: str = self.aggregate

        interval: str | Unset = UNSET
        if not isinstance(self.interval, Unset):
            interval = self.interval

        group_by: list[str] | Unset = UNSET
        if not isinstance(self.group_by, Unset):
            group_by = self.group_by

        property_ = self.property_

        filters: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.filters, Unset):
            filters = []
            for filters_item_data in self.filters:
                filters_item = filters_item_data.to_dict()
                filters.append(filters_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event": event,
                "from": from_,
                "to": to,
                "aggregate": aggregate,
            }
        )
        if interval is not UNSET:
            field_dict["interval"] = interval
        if group_by is not UNSET:
            field_dict["group_by"] = group_by
        if property_ is not UNSET:
            field_dict["property"] = property_
        if filters is not UNSET:
            field_dict["filters"] = filters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.analytics_filter import AnalyticsFilter

        d = dict(src_dict)
        event = d.pop("event")

        from_ = isoparse(d.pop("from"))

        to = isoparse(d.pop("to"))

        aggregate = check_analytics_query_aggregate(d.pop("aggregate"))

        _interval = d.pop("interval", UNSET)
        interval: AnalyticsQueryInterval | Unset
        if isinstance(_interval, Unset):
            interval = UNSET
        else:
            interval = check_analytics_query_interval(_interval)

        group_by = cast(list[str], d.pop("group_by", UNSET))

        property_ = d.pop("property", UNSET)

        _filters = d.pop("filters", UNSET)
        filters: list[AnalyticsFilter] | Unset = UNSET
        if _filters is not UNSET:
            filters = []
            for filters_item_data in _filters:
                filters_item = AnalyticsFilter.from_dict(filters_item_data)

                filters.append(filters_item)

        analytics_query = cls(
            event=event,
            from_=from_,
            to=to,
            aggregate=aggregate,
            interval=interval,
            group_by=group_by,
            property_=property_,
            filters=filters,
        )

        return analytics_query
