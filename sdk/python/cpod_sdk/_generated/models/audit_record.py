from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.audit_record_outcome import AuditRecordOutcome, check_audit_record_outcome
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audit_actor import AuditActor
    from ..models.audit_record_metadata_type_0 import AuditRecordMetadataType0
    from ..models.audit_resource import AuditResource


T = TypeVar("T", bound="AuditRecord")


@_attrs_define
class AuditRecord:
    """One link of the chain. Every member is always present (`null` when it has no value) so the canonical bytes, and thus
    the hash, do not depend on how a writer omits fields.

        Attributes:
            tenant_id (str): `ten_` + ULID.
            sequence_id (int): Starts at 1 per tenant and has no gaps, so a deleted record is detectable.
            timestamp (datetime.datetime): UTC with millisecond precision (`2025-04-15T09:30:00.123Z`). Hash this exact
                string; do not reformat it before verifying.
            actor (AuditActor):
            action (str): What was done, as `<domain>.<verb>` (e.g. `kv.put`, `files.delete`, `oauth.token`).
            resource (AuditResource):
            outcome (AuditRecordOutcome): `success`: 2xx/3xx. `denied`: refused by authentication, policy or rate limit
                before the handler ran. `error`: any other error.
            status (int | None): The HTTP status answered; `null` for actions that are not HTTP requests.
            request_id (None | str):
            metadata (AuditRecordMetadataType0 | None): Action-specific details (free-form), masked before they were
                recorded.
            previous_hash (str):
            record_hash (str):
    """

    tenant_id: str
    sequence_id: int
    timestamp: datetime.datetime
    actor: AuditActor
    action: str
    resource: AuditResource
    outcome: AuditRecordOutcome
    status: int | None
    request_id: None | str
    metadata: AuditRecordMetadataType0 | None
    previous_hash: str
    record_hash: str

    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_actor import AuditActor
        from ..models.audit_record_metadata_type_0 import AuditRecordMetadataType0
        from ..models.audit_resource import AuditResource

        tenant_id = self.tenant_id

        sequence_id = self.sequence_id

        timestamp = self.timestamp.isoformat()

        actor = self.actor.to_dict()

        action = self.action

        resource = self.resource.to_dict()

        outcome: str = self.outcome

        status: int | None
        status = self.status

        request_id: None | str
        request_id = self.request_id

        metadata: dict[str, Any] | None
        if isinstance(self.metadata, AuditRecordMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        previous_hash = self.previous_hash

        record_hash = self.record_hash

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "tenant_id": tenant_id,
                "sequence_id": sequence_id,
                "timestamp": timestamp,
                "actor": actor,
                "action": action,
                "resource": resource,
                "outcome": outcome,
                "status": status,
                "request_id": request_id,
                "metadata": metadata,
                "previous_hash": previous_hash,
                "record_hash": record_hash,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_actor import AuditActor
        from ..models.audit_record_metadata_type_0 import AuditRecordMetadataType0
        from ..models.audit_resource import AuditResource

        d = dict(src_dict)
        tenant_id = d.pop("tenant_id")

        sequence_id = d.pop("sequence_id")

        timestamp = isoparse(d.pop("timestamp"))

        actor = AuditActor.from_dict(d.pop("actor"))

        action = d.pop("action")

        resource = AuditResource.from_dict(d.pop("resource"))

        outcome = check_audit_record_outcome(d.pop("outcome"))

        def _parse_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status = _parse_status(d.pop("status"))

        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("request_id"))

        def _parse_metadata(data: object) -> AuditRecordMetadataType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = AuditRecordMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditRecordMetadataType0 | None, data)

        metadata = _parse_metadata(d.pop("metadata"))

        previous_hash = d.pop("previous_hash")

        record_hash = d.pop("record_hash")

        audit_record = cls(
            tenant_id=tenant_id,
            sequence_id=sequence_id,
            timestamp=timestamp,
            actor=actor,
            action=action,
            resource=resource,
            outcome=outcome,
            status=status,
            request_id=request_id,
            metadata=metadata,
            previous_hash=previous_hash,
            record_hash=record_hash,
        )

        return audit_record
