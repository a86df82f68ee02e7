from typing import Literal, cast

TechnologyAssetUpdateAssetType = Literal[
    "desktop",
    "laptop",
    "mobile_device",
    "network_device",
    "other",
    "peripheral",
    "server",
    "virtual_machine",
]

TECHNOLOGY_ASSET_UPDATE_ASSET_TYPE_VALUES: set[TechnologyAssetUpdateAssetType] = {
    "desktop",
    "laptop",
    "mobile_device",
    "network_device",
    "other",
    "peripheral",
    "server",
    "virtual_machine",
}


def check_technology_asset_update_asset_type(
    value: str,
) -> TechnologyAssetUpdateAssetType:
    if value in TECHNOLOGY_ASSET_UPDATE_ASSET_TYPE_VALUES:
        return cast(TechnologyAssetUpdateAssetType, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TECHNOLOGY_ASSET_UPDATE_ASSET_TYPE_VALUES!r}"
    )
