from typing import Literal, cast

AppType = Literal["service", "web"]

APP_TYPE_VALUES: set[AppType] = {
    "service",
    "web",
}


def check_app_type(value: str) -> AppType:
    if value in APP_TYPE_VALUES:
        return cast(AppType, value)
    raise TypeError(f"Unexpected value {value!r}. Expected one of {APP_TYPE_VALUES!r}")
