from typing import Literal, cast

GetPresignedFileXCpodMethod = Literal["GET", "PUT"]

GET_PRESIGNED_FILE_X_CPOD_METHOD_VALUES: set[GetPresignedFileXCpodMethod] = {
    "GET",
    "PUT",
}


def check_get_presigned_file_x_cpod_method(value: str) -> GetPresignedFileXCpodMethod:
    if value in GET_PRESIGNED_FILE_X_CPOD_METHOD_VALUES:
        return cast(GetPresignedFileXCpodMethod, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GET_PRESIGNED_FILE_X_CPOD_METHOD_VALUES!r}"
    )
