"""Secrets, analytics and OAuth app administration against a real ``cpod dev``."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from cpod_sdk import AuthenticationError, CpodClient, NotFoundError

from .conftest import DevPlatform


def test_secrets_set_get_list_delete(platform: DevPlatform) -> None:
    name = f"PY_SECRET_{uuid.uuid4().hex[:8].upper()}"
    with CpodClient.from_env(platform.env()) as client:
        meta = client.secrets.set(name, "sk_test_not_real", description="test")
        assert meta.name == name
        assert client.secrets.get(name).value == "sk_test_not_real"
        assert name in [secret.name for secret in client.secrets.list()]
        client.secrets.delete(name)
        with pytest.raises(NotFoundError):
            client.secrets.get(name)


def test_analytics_ingest_and_query(platform: DevPlatform) -> None:
    event = f"py.checkout.{uuid.uuid4().hex[:8]}"
    now = datetime.now(timezone.utc)
    with CpodClient.from_env(platform.env()) as client:
        client.analytics.ingest(
            [
                {"name": event, "timestamp": now, "user_id": "u_1", "properties": {"plan": "pro", "amount": 49.5}},
                {"name": event, "timestamp": now, "user_id": "u_2", "properties": {"plan": "free", "amount": 0}},
            ]
        )
        result = client.analytics.query(
            {
                "event": event,
                "from": now - timedelta(days=1),
                "to": now + timedelta(minutes=1),
                "aggregate": "sum",
                "property": "amount",
            }
        )
    assert sum(row.value for row in result.rows if row.value is not None) == 49.5


def test_oauth_apps_lifecycle(platform: DevPlatform) -> None:
    with CpodClient(platform.base_url, admin_token=platform.admin_token) as admin:
        app = admin.oauth.apps.create(
            {
                "tenant_id": platform.tenant_id,
                "name": "py worker",
                "declared_scopes": ["kv.read", "kv.write"],
                "app_type": "service",
            }
        )
        with CpodClient(platform.base_url, client_id=app.client_id, client_secret=app.client_secret) as worker:
            worker.kv.set("py-first-run", True)
        assert app.client_id in [each.client_id for each in admin.oauth.apps.list(tenant_id=platform.tenant_id)]
        rotated = admin.oauth.apps.rotate_secret(app.client_id)
        stale = CpodClient(platform.base_url, client_id=app.client_id, client_secret=app.client_secret)
        with stale, pytest.raises(AuthenticationError):
            stale.kv.get("py-first-run")
        assert rotated.client_secret != app.client_secret
        admin.oauth.apps.delete(app.client_id)
        with pytest.raises(NotFoundError):
            admin.oauth.apps.get(app.client_id)
