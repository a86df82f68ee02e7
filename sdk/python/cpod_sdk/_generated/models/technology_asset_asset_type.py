from typing import Literal, cast

TechnologyAssetAssetType = Literal[
    "desktop",
    "laptop",
    "mobile_device",
    "network_device",
    "other",
    "peripheral",
    "server",
    "virtual_machine",
]

TECHNOLOGY_ASSET_ASSET_TYPE_VALUES: set[TechnologyAssetAssetType] = {
    "desktop",
    "laptop",
    "mobile_device",
    "network_device",
    "other",
    "peripheral",
    "server",
    "virtual_machine",
}


def check_technology_asset_asset_type(value: str) -> TechnologyAssetAssetType:
    if value in TECHNOLOGY_ASSET_ASSET_TYPE_VALUES:
        return cast(TechnologyAssetAssetType, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TECHNOLOGY_ASSET_ASSET_TYPE_VALUES!r}"
    )
