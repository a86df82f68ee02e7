from typing import Literal, cast

GetFileTier = Literal["private", "shared", "user"]

GET_FILE_TIER_VALUES: set[GetFileTier] = {
    "private",
    "shared",
    "user",
}


def check_get_file_tier(value: str) -> GetFileTier:
    if value in GET_FILE_TIER_VALUES:
        return cast(GetFileTier, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GET_FILE_TIER_VALUES!r}"
    )
