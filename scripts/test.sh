#!/usr/bin/env bash
# The test command (`npm test`): starts the real servers the adapters are tested against
# (idempotent; installs them on first run), exports their URLs, then typechecks and runs vitest,
# then the Python SDK's checks and tests (scripts/test-python-sdk.sh: mypy, pytest with its
# end-to-end suite against cpod dev, the wheel in a clean venv) and the Go SDK's
# (scripts/test-go-sdk.sh: gofmt, go vet, staticcheck, go test with its end-to-end suite).
# Arguments go to vitest only.
# Set CPOD_SKIP_SERVICES=1 to run against servers you started yourself (their env must be set).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${CPOD_SKIP_SERVICES:-}" != "1" ]]; then
  bash scripts/services.sh start
  eval "$(bash scripts/services.sh env)"
fi

npx --no-install tsc --noEmit -p tsconfig.json
npx --no-install vitest run "$@"
bash scripts/test-python-sdk.sh
bash scripts/test-go-sdk.sh
