from typing import Literal, cast

ListFilesTier = Literal["private", "shared", "user"]

LIST_FILES_TIER_VALUES: set[ListFilesTier] = {
    "private",
    "shared",
    "user",
}


def check_list_files_tier(value: str) -> ListFilesTier:
    if value in LIST_FILES_TIER_VALUES:
        return cast(ListFilesTier, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_FILES_TIER_VALUES!r}"
    )
