from typing import Literal, cast

TechnologyAssetCreateStatus = Literal[
    "in_repair", "in_stock", "in_use", "lost", "retired"
]

TECHNOLOGY_ASSET_CREATE_STATUS_VALUES: set[TechnologyAssetCreateStatus] = {
    "in_repair",
    "in_stock",
    "in_use",
    "lost",
    "retired",
}


def check_technology_asset_create_status(value: str) -> TechnologyAssetCreateStatus:
    if value in TECHNOLOGY_ASSET_CREATE_STATUS_VALUES:
        return cast(TechnologyAssetCreateStatus, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TECHNOLOGY_ASSET_CREATE_STATUS_VALUES!r}"
    )
