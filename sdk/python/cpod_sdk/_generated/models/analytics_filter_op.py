from typing import Literal, cast

AnalyticsFilterOp = Literal["eq", "gt", "gte", "in", "lt", "lte", "ne"]

ANALYTICS_FILTER_OP_VALUES: set[AnalyticsFilterOp] = {
    "eq",
    "gt",
    "gte",
    "in",
    "lt",
    "lte",
    "ne",
}


def check_analytics_filter_op(value: str) -> AnalyticsFilterOp:
    if value in ANALYTICS_FILTER_OP_VALUES:
        return cast(AnalyticsFilterOp, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ANALYTICS_FILTER_OP_VALUES!r}"
    )
