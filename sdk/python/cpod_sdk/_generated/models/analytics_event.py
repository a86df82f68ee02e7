from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.event_properties import EventProperties


T = TypeVar("T", bound="AnalyticsEvent")


@_attrs_define
class AnalyticsEvent:
    """
    Attributes:
        name (str): Event name, e.g. `checkout.completed`.
        timestamp (datetime.datetime): When the event happened on the client, not when it was sent.
        properties (EventProperties): Free-form properties. Masked (emails, card numbers, tokens, …) before storage. At
            most 64 keys; values are strings, numbers, booleans or null (nested objects would not be queryable, so they are
            rejected).
        user_id (str | Unset): The end user, when known. Defaults to the token's `user_id`.
    """

    name: str
    timestamp: datetime.datetime
    properties: EventProperties
    user_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.event_properties import EventProperties

        name = self.name

        timestamp = self.timestamp.isoformat()

        properties = self.properties.to_dict()

        user_id = self.user_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "timestamp": timestamp,
                "properties": properties,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_properties import EventProperties

        d = dict(src_dict)
        name = d.pop("name")

        timestamp = isoparse(d.pop("timestamp"))

        properties = EventProperties.from_dict(d.pop("properties"))

        user_id = d.pop("user_id", UNSET)

        analytics_event = cls(
            name=name,
            timestamp=timestamp,
            properties=properties,
            user_id=user_id,
        )

        return analytics_event
