from typing import Literal, cast

Scope = Literal[
    "analytics.read",
    "analytics.write",
    "audit.read",
    "entities.read",
    "entities.write",
    "files.read",
    "files.write",
    "kv.read",
    "kv.write",
    "secrets.read",
    "secrets.write",
]

SCOPE_VALUES: set[Scope] = {
    "analytics.read",
    "analytics.write",
    "audit.read",
    "entities.read",
    "entities.write",
    "files.read",
    "files.write",
    "kv.read",
    "kv.write",
    "secrets.read",
    "secrets.write",
}


def check_scope(value: str) -> Scope:
    if value in SCOPE_VALUES:
        return cast(Scope, value)
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SCOPE_VALUES!r}")
