from typing import Literal, cast

ServerMetadataGrantTypesSupportedItem = Literal["client_credentials", "refresh_token"]

SERVER_METADATA_GRANT_TYPES_SUPPORTED_ITEM_VALUES: set[
    ServerMetadataGrantTypesSupportedItem
] = {
    "client_credentials",
    "refresh_token",
}


def check_server_metadata_grant_types_supported_item(
    value: str,
) -> ServerMetadataGrantTypesSupportedItem:
    if value in SERVER_METADATA_GRANT_TYPES_SUPPORTED_ITEM_VALUES:
        return cast(ServerMetadataGrantTypesSupportedItem, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SERVER_METADATA_GRANT_TYPES_SUPPORTED_ITEM_VALUES!r}"
    )
