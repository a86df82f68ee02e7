from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.analytics_event import AnalyticsEvent


T = TypeVar("T", bound="EventBatch")


@_attrs_define
class EventBatch:
    """
    Attributes:
        events (list[AnalyticsEvent]): Up to 1000 events and 1 MiB per request; batch to keep overhead low.
    """

    events: list[AnalyticsEvent]

    def to_dict(self) -> dict[str, Any]:
        from ..models.analytics_event import AnalyticsEvent

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "events": events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.analytics_event import AnalyticsEvent

        d = dict(src_dict)
        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = AnalyticsEvent.from_dict(events_item_data)

            events.append(events_item)

        event_batch = cls(
            events=events,
        )

        return event_batch
