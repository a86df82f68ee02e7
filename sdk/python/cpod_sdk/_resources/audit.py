"""The tenant's hash-chained audit log (``/v1/audit``), read-only."""

from __future__ import annotations

from datetime import datetime

from .._call import Call, RequestOptions
from .._generated.models.audit_record import AuditRecord
from .._generated.models.audit_verify_result import AuditVerifyResult
from .._pagination import AsyncPager, ListResult, Pager, list_result
from .._runner import AsyncRunner, Runner, json_of


def _iso(value: str | datetime | None) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else value


def list_call(
    cursor: str | None, from_: str | datetime | None, to: str | datetime | None, action: str | None, limit: int | None
) -> Call[ListResult[AuditRecord]]:
    query = {"from": _iso(from_), "to": _iso(to), "action": action, "limit": limit, "cursor": cursor}
    return Call("GET", "/v1/audit/events", lambda r: list_result(json_of(r), AuditRecord.from_dict), query=query)


def verify_call() -> Call[AuditVerifyResult]:
    return Call("GET", "/v1/audit/verify", lambda r: AuditVerifyResult.from_dict(json_of(r)))


class Audit:
    """``client.audit``: records in ascending ``sequence_id`` order; ``from_`` inclusive, ``to`` exclusive.

    Example::

        for record in client.audit.list(action="kv.put"):
            print(record.sequence_id, record.record_hash)
    """

    def __init__(self, runner: Runner) -> None:
        self._run = runner.run

    def list(
        self,
        *,
        from_: str | datetime | None = None,
        to: str | datetime | None = None,
        action: str | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[AuditRecord]:
        return Pager(lambda cursor: self._run(list_call(cursor, from_, to, action, limit), options))

    def verify(self, *, options: RequestOptions | None = None) -> AuditVerifyResult:
        """Recomputes the whole chain on the server; ``valid=False`` names the first bad record."""
        return self._run(verify_call(), options)


class AsyncAudit:
    """``AsyncCpodClient.audit``."""

    def __init__(self, runner: AsyncRunner) -> None:
        self._run = runner.run

    def list(
        self,
        *,
        from_: str | datetime | None = None,
        to: str | datetime | None = None,
        action: str | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[AuditRecord]:
        return AsyncPager(lambda cursor: self._run(list_call(cursor, from_, to, action, limit), options))

    async def verify(self, *, options: RequestOptions | None = None) -> AuditVerifyResult:
        return await self._run(verify_call(), options)
