from typing import Literal, cast

PutPresignedFileXCpodMethod = Literal["GET", "PUT"]

PUT_PRESIGNED_FILE_X_CPOD_METHOD_VALUES: set[PutPresignedFileXCpodMethod] = {
    "GET",
    "PUT",
}


def check_put_presigned_file_x_cpod_method(value: str) -> PutPresignedFileXCpodMethod:
    if value in PUT_PRESIGNED_FILE_X_CPOD_METHOD_VALUES:
        return cast(PutPresignedFileXCpodMethod, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PUT_PRESIGNED_FILE_X_CPOD_METHOD_VALUES!r}"
    )
