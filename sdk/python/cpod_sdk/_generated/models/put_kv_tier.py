from typing import Literal, cast

PutKvTier = Literal["private", "shared", "user"]

PUT_KV_TIER_VALUES: set[PutKvTier] = {
    "private",
    "shared",
    "user",
}


def check_put_kv_tier(value: str) -> PutKvTier:
    if value in PUT_KV_TIER_VALUES:
        return cast(PutKvTier, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PUT_KV_TIER_VALUES!r}"
    )
