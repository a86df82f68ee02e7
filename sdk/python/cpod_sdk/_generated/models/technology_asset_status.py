from typing import Literal, cast

TechnologyAssetStatus = Literal["in_repair", "in_stock", "in_use", "lost", "retired"]

TECHNOLOGY_ASSET_STATUS_VALUES: set[TechnologyAssetStatus] = {
    "in_repair",
    "in_stock",
    "in_use",
    "lost",
    "retired",
}


def check_technology_asset_status(value: str) -> TechnologyAssetStatus:
    if value in TECHNOLOGY_ASSET_STATUS_VALUES:
        return cast(TechnologyAssetStatus, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TECHNOLOGY_ASSET_STATUS_VALUES!r}"
    )
