from typing import Literal, cast

TechnologyAssetUpdateStatus = Literal[
    "in_repair", "in_stock", "in_use", "lost", "retired"
]

TECHNOLOGY_ASSET_UPDATE_STATUS_VALUES: set[TechnologyAssetUpdateStatus] = {
    "in_repair",
    "in_stock",
    "in_use",
    "lost",
    "retired",
}


def check_technology_asset_update_status(value: str) -> TechnologyAssetUpdateStatus:
    if value in TECHNOLOGY_ASSET_UPDATE_STATUS_VALUES:
        return cast(TechnologyAssetUpdateStatus, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TECHNOLOGY_ASSET_UPDATE_STATUS_VALUES!r}"
    )
