from typing import Literal, cast

ListTechnologyAssetsSort = Literal[
    "-asset_type",
    "-name",
    "-owner_id",
    "-serial_number",
    "-status",
    "asset_type",
    "name",
    "owner_id",
    "serial_number",
    "status",
]

LIST_TECHNOLOGY_ASSETS_SORT_VALUES: set[ListTechnologyAssetsSort] = {
    "-asset_type",
    "-name",
    "-owner_id",
    "-serial_number",
    "-status",
    "asset_type",
    "name",
    "owner_id",
    "serial_number",
    "status",
}


def check_list_technology_assets_sort(value: str) -> ListTechnologyAssetsSort:
    if value in LIST_TECHNOLOGY_ASSETS_SORT_VALUES:
        return cast(ListTechnologyAssetsSort, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_TECHNOLOGY_ASSETS_SORT_VALUES!r}"
    )
