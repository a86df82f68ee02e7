from typing import Literal, cast

GetKvTier = Literal["private", "shared", "user"]

GET_KV_TIER_VALUES: set[GetKvTier] = {
    "private",
    "shared",
    "user",
}


def check_get_kv_tier(value: str) -> GetKvTier:
    if value in GET_KV_TIER_VALUES:
        return cast(GetKvTier, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GET_KV_TIER_VALUES!r}"
    )
