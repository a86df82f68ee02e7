from typing import Literal, cast

ClientAuthMethod = Literal["client_secret_basic", "client_secret_post"]

CLIENT_AUTH_METHOD_VALUES: set[ClientAuthMethod] = {
    "client_secret_basic",
    "client_secret_post",
}


def check_client_auth_method(value: str) -> ClientAuthMethod:
    if value in CLIENT_AUTH_METHOD_VALUES:
        return cast(ClientAuthMethod, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CLIENT_AUTH_METHOD_VALUES!r}"
    )
