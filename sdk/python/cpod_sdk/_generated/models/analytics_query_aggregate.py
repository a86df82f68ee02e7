from typing import Literal, cast

AnalyticsQueryAggregate = Literal["avg", "count", "sum", "uniq_users"]

ANALYTICS_QUERY_AGGREGATE_VALUES: set[AnalyticsQueryAggregate] = {
    "avg",
    "count",
    "sum",
    "uniq_users",
}


def check_analytics_query_aggregate(value: str) -> AnalyticsQueryAggregate:
    if value in ANALYTICS_QUERY_AGGREGATE_VALUES:
        return cast(AnalyticsQueryAggregate, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ANALYTICS_QUERY_AGGREGATE_VALUES!r}"
    )
