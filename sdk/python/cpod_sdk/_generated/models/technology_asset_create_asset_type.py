from typing import Literal, cast

TechnologyAssetCreateAssetType = Literal[
    "desktop",
    "laptop",
    "mobile_device",
    "network_device",
    "other",
    "peripheral",
    "server",
    "virtual_machine",
]

TECHNOLOGY_ASSET_CREATE_ASSET_TYPE_VALUES: set[TechnologyAssetCreateAssetType] = {
    "desktop",
    "laptop",
    "mobile_device",
    "network_device",
    "other",
    "peripheral",
    "server",
    "virtual_machine",
}


def check_technology_asset_create_asset_type(
    value: str,
) -> TechnologyAssetCreateAssetType:
    if value in TECHNOLOGY_ASSET_CREATE_ASSET_TYPE_VALUES:
        return cast(TechnologyAssetCreateAssetType, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TECHNOLOGY_ASSET_CREATE_ASSET_TYPE_VALUES!r}"
    )
