from typing import Literal, cast

AnalyticsQueryInterval = Literal["day", "hour", "minute", "month", "week"]

ANALYTICS_QUERY_INTERVAL_VALUES: set[AnalyticsQueryInterval] = {
    "day",
    "hour",
    "minute",
    "month",
    "week",
}


def check_analytics_query_interval(value: str) -> AnalyticsQueryInterval:
    if value in ANALYTICS_QUERY_INTERVAL_VALUES:
        return cast(AnalyticsQueryInterval, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ANALYTICS_QUERY_INTERVAL_VALUES!r}"
    )
