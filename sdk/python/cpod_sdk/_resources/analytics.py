"""Event ingestion in batches and aggregate queries (``/v1/analytics``), never SQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._call import Call, JsonBody, RequestOptions
from .._generated.models.analytics_result import AnalyticsResult
from .._generated.models.ingest_result import IngestResult
from .._runner import AsyncRunner, Runner, json_of

Event = Mapping[str, Any]
"""``{"name", "timestamp" (str or datetime), "user_id"?, "properties"?}`` as the contract names them."""
Query = Mapping[str, Any]
"""``{"event", "from", "to", "aggregate", "property"?, "group_by"?, "interval"?, "filters"?}``."""


def ingest_call(events: Sequence[Event]) -> Call[IngestResult]:
    batch = [{**event, "properties": event.get("properties") or {}} for event in events]
    body = JsonBody({"events": batch})
    return Call("POST", "/v1/analytics/events", lambda r: IngestResult.from_dict(json_of(r)), body=body)


def query_call(query: Query) -> Call[AnalyticsResult]:
    return Call("POST", "/v1/analytics/query", lambda r: AnalyticsResult.from_dict(json_of(r)), body=JsonBody(query))


class Analytics:
    """``client.analytics``. Datetimes are sent as ISO-8601.

    Example::

        client.analytics.ingest([{"name": "signup", "timestamp": datetime.now(timezone.utc)}])
    """

    def __init__(self, runner: Runner) -> None:
        self._run = runner.run

    def ingest(self, events: Sequence[Event], *, options: RequestOptions | None = None) -> IngestResult:
        """Stores up to 1000 events as one batch (all or nothing); its ``Idempotency-Key`` is
        reused by retries, so a retry after a lost answer does not count the events twice."""
        return self._run(ingest_call(events), options)

    def query(self, query: Query, *, options: RequestOptions | None = None) -> AnalyticsResult:
        """Aggregates one event over ``[from, to)``, optionally bucketed and grouped."""
        return self._run(query_call(query), options)


class AsyncAnalytics:
    """``AsyncCpodClient.analytics``."""

    def __init__(self, runner: AsyncRunner) -> None:
        self._run = runner.run

    async def ingest(self, events: Sequence[Event], *, options: RequestOptions | None = None) -> IngestResult:
        return await self._run(ingest_call(events), options)

    async def query(self, query: Query, *, options: RequestOptions | None = None) -> AnalyticsResult:
        return await self._run(query_call(query), options)
