from typing import Literal, cast

ListPeopleSort = Literal[
    "-display_name", "-email", "-external_id", "display_name", "email", "external_id"
]

LIST_PEOPLE_SORT_VALUES: set[ListPeopleSort] = {
    "-display_name",
    "-email",
    "-external_id",
    "display_name",
    "email",
    "external_id",
}


def check_list_people_sort(value: str) -> ListPeopleSort:
    if value in LIST_PEOPLE_SORT_VALUES:
        return cast(ListPeopleSort, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_PEOPLE_SORT_VALUES!r}"
    )
