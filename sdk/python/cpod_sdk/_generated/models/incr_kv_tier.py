from typing import Literal, cast

IncrKvTier = Literal["private", "shared", "user"]

INCR_KV_TIER_VALUES: set[IncrKvTier] = {
    "private",
    "shared",
    "user",
}


def check_incr_kv_tier(value: str) -> IncrKvTier:
    if value in INCR_KV_TIER_VALUES:
        return cast(IncrKvTier, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {INCR_KV_TIER_VALUES!r}"
    )
