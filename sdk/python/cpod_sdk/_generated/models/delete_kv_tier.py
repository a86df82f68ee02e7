from typing import Literal, cast

DeleteKvTier = Literal["private", "shared", "user"]

DELETE_KV_TIER_VALUES: set[DeleteKvTier] = {
    "private",
    "shared",
    "user",
}


def check_delete_kv_tier(value: str) -> DeleteKvTier:
    if value in DELETE_KV_TIER_VALUES:
        return cast(DeleteKvTier, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {DELETE_KV_TIER_VALUES!r}"
    )
