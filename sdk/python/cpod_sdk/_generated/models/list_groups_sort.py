from typing import Literal, cast

ListGroupsSort = Literal["-name", "name"]

LIST_GROUPS_SORT_VALUES: set[ListGroupsSort] = {
    "-name",
    "name",
}


def check_list_groups_sort(value: str) -> ListGroupsSort:
    if value in LIST_GROUPS_SORT_VALUES:
        return cast(ListGroupsSort, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_GROUPS_SORT_VALUES!r}"
    )
