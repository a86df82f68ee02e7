#!/usr/bin/env bash
# Regenerates the Python SDK's low-level client (sdk/python/cpod_sdk/_generated/) from the bundled
# gateway contract, gen/openapi/gateway.json, with openapi-python-client (pinned). The output is
# committed and drift-checked like gen/: never edit it by hand; change the contract and rerun.
#
#   bash scripts/generate-python-sdk.sh
#
# The generator's venv is cached under the services cache, keyed by its version and a hash of
# its pinned dependencies (sdk/python/generator-constraints.txt: ruff formats the output, so its
# version matters), the way scripts/fuzz.sh caches schemathesis. Needs Python 3.10+ and PyPI on
# the first run only.
#
# A generator warning is fatal: it means a part of the contract was skipped (it was, before the
# contract was fixed: every entity create/update and the `*/*` file bodies).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CPOD_SERVICES_CACHE:-$HOME/.cache/cpod-services}"
# 0.28.4, not 0.29.x: 0.29 generates for Python 3.11+ only (typing.Self in client.py), and
# cpod-sdk supports 3.10.
GENERATOR_VERSION=0.28.4
PINS="$ROOT/sdk/python/generator-constraints.txt"
VENV="$CACHE/python-sdk-gen-venv-opc$GENERATOR_VERSION-$(sha256sum "$PINS" | cut -c1-12)"
SPEC="$ROOT/gen/openapi/gateway.json"
PACKAGE="$ROOT/sdk/python/cpod_sdk"
OUT="$PACKAGE/_generated"
CONFIG="$ROOT/sdk/python/openapi-python-client.yaml"
WARNINGS=--fail-on-warning

log() { echo "generate-python-sdk: $*" >&2; }
die() { echo "generate-python-sdk: ERROR: $*" >&2; exit 1; }

# shellcheck source=lib/cached-venv.sh
source "$ROOT/scripts/lib/cached-venv.sh"
install() { cached_venv "$VENV" -c "$PINS" "openapi-python-client==$GENERATOR_VERSION"; }

# The generator writes a whole project (pyproject, README, package); only the package is kept,
# renamed into cpod_sdk/_generated. Generated in a temp dir so a failed run leaves the old copy.
generate() {
  local work
  work="$(mktemp -d "${TMPDIR:-/tmp}/cpod-pygen.XXXXXX")"
  trap 'rm -rf "$work"' RETURN
  (
    cd "$work"
    # Its post-hooks (ruff check --fix, ruff format) find ruff, a dependency, on PATH.
    PATH="$VENV/bin:$PATH" "$VENV/bin/openapi-python-client" generate --path "$SPEC" --config "$CONFIG" \
      --meta none --output-path "$work/out" "$WARNINGS"
  ) >"$work/log" 2>&1 || { cat "$work/log" >&2; die "openapi-python-client failed"; }
  # Warnings (operations the generator could not express) are reported, not fatal: the
  # hand-written layer does not depend on those operations.
  grep -E "^(WARNING|Unable|Cannot)" "$work/log" | sed "s/<openapi_python_client[^>]*>/<status>/" | sort | uniq -c | sed 's/^/  /' >&2 || true
  mkdir -p "$PACKAGE"
  rm -rf "$OUT"
  mv "$work/out" "$OUT"
  find "$OUT" -name __pycache__ -prune -exec rm -rf {} +
}

install
generate
log "wrote ${OUT#"$ROOT/"}"
