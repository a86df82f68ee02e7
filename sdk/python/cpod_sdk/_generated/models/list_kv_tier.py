from typing import Literal, cast

ListKvTier = Literal["private", "shared", "user"]

LIST_KV_TIER_VALUES: set[ListKvTier] = {
    "private",
    "shared",
    "user",
}


def check_list_kv_tier(value: str) -> ListKvTier:
    if value in LIST_KV_TIER_VALUES:
        return cast(ListKvTier, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_KV_TIER_VALUES!r}"
    )
