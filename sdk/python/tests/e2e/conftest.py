"""A real ``cpod dev`` for the end-to-end suite: ``node bin/cpod.js dev`` from the repository
root on free ports with a throwaway data dir, as test/helpers/dev-platform.ts starts it for the
TypeScript SDK's tests. One per session; stopped with SIGINT (as Ctrl-C would) afterwards."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(os.environ.get("CPOD_REPO_ROOT") or Path(__file__).resolve().parents[4])
BANNER = "cPod dev is running"
START_TIMEOUT = 150.0
# Stores are the embedded ones, exactly as on a fresh machine: no URL from the environment.
DROPPED = re.compile(r"^CPOD_(.*_URL|S3_.*|MASTER_KEY.*|ADMIN_TOKEN)$|^CORESDK_")


@dataclass(frozen=True)
class DevPlatform:
    """The running platform and the dev app's credentials (from dev-credentials.json)."""

    base_url: str
    client_id: str
    client_secret: str
    admin_token: str
    tenant_id: str

    def env(self) -> dict[str, str]:
        """The variables the README tells a newcomer to export."""
        return {
            "CPOD_BASE_URL": self.base_url,
            "CPOD_CLIENT_ID": self.client_id,
            "CPOD_CLIENT_SECRET": self.client_secret,
        }


def _child_env(data_dir: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not DROPPED.match(name)}
    env.update(
        CPOD_DATA_DIR=str(data_dir),
        CPOD_GATEWAY_ADDR="127.0.0.1:0",
        CPOD_CONTROL_PLANE_ADDR="127.0.0.1:0",
        CORESDK_LISTEN_ADDR="[::1]:0",
        CORESDK_METRICS_ADDR="127.0.0.1:0",
    )
    return env


def _wait_ready(child: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if BANNER in log.read_text(errors="replace"):
            return
        if child.poll() is not None:
            raise RuntimeError(f"cpod dev exited with {child.returncode}:\n{log.read_text()}")
        time.sleep(0.3)
    raise RuntimeError(f"cpod dev did not start within {START_TIMEOUT:.0f} s:\n{log.read_text()}")


def _stop(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is not None:
        return
    child.send_signal(signal.SIGINT)
    try:
        child.wait(timeout=30)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


@pytest.fixture(scope="session")
def platform() -> Iterator[DevPlatform]:
    work = Path(tempfile.mkdtemp(prefix="cpod-pysdk-"))
    # As root, cpod dev runs its embedded PostgreSQL as `nobody`, who must pass through here.
    work.chmod(0o711)
    log = work / "dev.log"
    with log.open("wb") as out:
        child = subprocess.Popen(
            ["node", str(REPO / "bin" / "cpod.js"), "dev"],
            cwd=REPO,
            env=_child_env(work / "data"),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_ready(child, log)
        saved = json.loads((work / "data" / "dev-credentials.json").read_text())
        yield DevPlatform(
            saved["base_url"], saved["client_id"], saved["client_secret"], saved["admin_token"], saved["tenant_id"]
        )
    finally:
        _stop(child)
        shutil.rmtree(work, ignore_errors=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/e2e is marked ``e2e`` (``-m "not e2e"`` runs the unit tests only)."""
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)
