from typing import Literal, cast

HeadFileTier = Literal["private", "shared", "user"]

HEAD_FILE_TIER_VALUES: set[HeadFileTier] = {
    "private",
    "shared",
    "user",
}


def check_head_file_tier(value: str) -> HeadFileTier:
    if value in HEAD_FILE_TIER_VALUES:
        return cast(HeadFileTier, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {HEAD_FILE_TIER_VALUES!r}"
    )
