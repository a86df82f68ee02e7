from typing import Literal, cast

AuditRecordOutcome = Literal["denied", "error", "success"]

AUDIT_RECORD_OUTCOME_VALUES: set[AuditRecordOutcome] = {
    "denied",
    "error",
    "success",
}


def check_audit_record_outcome(value: str) -> AuditRecordOutcome:
    if value in AUDIT_RECORD_OUTCOME_VALUES:
        return cast(AuditRecordOutcome, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {AUDIT_RECORD_OUTCOME_VALUES!r}"
    )
