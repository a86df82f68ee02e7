from typing import Literal, cast

IntrospectionResponseTokenType = Literal["Bearer", "refresh_token"]

INTROSPECTION_RESPONSE_TOKEN_TYPE_VALUES: set[IntrospectionResponseTokenType] = {
    "Bearer",
    "refresh_token",
}


def check_introspection_response_token_type(
    value: str,
) -> IntrospectionResponseTokenType:
    if value in INTROSPECTION_RESPONSE_TOKEN_TYPE_VALUES:
        return cast(IntrospectionResponseTokenType, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {INTROSPECTION_RESPONSE_TOKEN_TYPE_VALUES!r}"
    )
