from typing import Literal, cast

PutFileTier = Literal["private", "shared", "user"]

PUT_FILE_TIER_VALUES: set[PutFileTier] = {
    "private",
    "shared",
    "user",
}


def check_put_file_tier(value: str) -> PutFileTier:
    if value in PUT_FILE_TIER_VALUES:
        return cast(PutFileTier, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PUT_FILE_TIER_VALUES!r}"
    )
