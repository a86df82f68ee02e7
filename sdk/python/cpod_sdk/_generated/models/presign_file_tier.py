from typing import Literal, cast

PresignFileTier = Literal["private", "shared", "user"]

PRESIGN_FILE_TIER_VALUES: set[PresignFileTier] = {
    "private",
    "shared",
    "user",
}


def check_presign_file_tier(value: str) -> PresignFileTier:
    if value in PRESIGN_FILE_TIER_VALUES:
        return cast(PresignFileTier, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRESIGN_FILE_TIER_VALUES!r}"
    )
