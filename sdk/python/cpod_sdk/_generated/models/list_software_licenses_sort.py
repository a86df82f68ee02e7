from typing import Literal, cast

ListSoftwareLicensesSort = Literal[
    "-expires_on", "-product", "-vendor", "expires_on", "product", "vendor"
]

LIST_SOFTWARE_LICENSES_SORT_VALUES: set[ListSoftwareLicensesSort] = {
    "-expires_on",
    "-product",
    "-vendor",
    "expires_on",
    "product",
    "vendor",
}


def check_list_software_licenses_sort(value: str) -> ListSoftwareLicensesSort:
    if value in LIST_SOFTWARE_LICENSES_SORT_VALUES:
        return cast(ListSoftwareLicensesSort, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_SOFTWARE_LICENSES_SORT_VALUES!r}"
    )
