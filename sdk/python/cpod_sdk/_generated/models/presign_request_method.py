from typing import Literal, cast

PresignRequestMethod = Literal["GET", "PUT"]

PRESIGN_REQUEST_METHOD_VALUES: set[PresignRequestMethod] = {
    "GET",
    "PUT",
}


def check_presign_request_method(value: str) -> PresignRequestMethod:
    if value in PRESIGN_REQUEST_METHOD_VALUES:
        return cast(PresignRequestMethod, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PRESIGN_REQUEST_METHOD_VALUES!r}"
    )
