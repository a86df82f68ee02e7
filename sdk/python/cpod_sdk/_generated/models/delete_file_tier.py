from typing import Literal, cast

DeleteFileTier = Literal["private", "shared", "user"]

DELETE_FILE_TIER_VALUES: set[DeleteFileTier] = {
    "private",
    "shared",
    "user",
}


def check_delete_file_tier(value: str) -> DeleteFileTier:
    if value in DELETE_FILE_TIER_VALUES:
        return cast(DeleteFileTier, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {DELETE_FILE_TIER_VALUES!r}"
    )
