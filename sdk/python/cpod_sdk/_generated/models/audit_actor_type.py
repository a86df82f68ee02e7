from typing import Literal, cast

AuditActorType = Literal["admin", "app", "system", "user"]

AUDIT_ACTOR_TYPE_VALUES: set[AuditActorType] = {
    "admin",
    "app",
    "system",
    "user",
}


def check_audit_actor_type(value: str) -> AuditActorType:
    if value in AUDIT_ACTOR_TYPE_VALUES:
        return cast(AuditActorType, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {AUDIT_ACTOR_TYPE_VALUES!r}"
    )
