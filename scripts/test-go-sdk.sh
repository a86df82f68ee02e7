#!/usr/bin/env bash
# The Go SDK's checks (issue #16), for CI and for humans: gofmt, go mod tidy -diff, go vet,
# staticcheck, and go test — the unit tests and the end-to-end tests against a real
# `cpod dev` (sdk/go/e2e, which start bin/cpod.js themselves; under CI=true they fail rather
# than skip when node or bin/cpod.js is missing).
#
#   bash scripts/test-go-sdk.sh            # everything
#   bash scripts/test-go-sdk.sh -short     # extra flags go to `go test`
#
# staticcheck is pinned and cached under the services cache with a version stamp, like
# oapi-codegen in scripts/check-generators.sh. The first run on a machine needs the Go module
# proxy (staticcheck, the SDK's dependencies); later runs need no network.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CPOD_SERVICES_CACHE:-$HOME/.cache/cpod-services}"
BIN="$CACHE/bin"
STATICCHECK_VERSION=v0.8.2
STATICCHECK_PKG=honnef.co/go/tools/cmd/staticcheck

log() { echo "test-go-sdk: $*" >&2; }
die() { echo "test-go-sdk: ERROR: $*" >&2; exit 1; }

GO="$(command -v go || echo /usr/local/go/bin/go)"
[[ -x "$GO" ]] || die "Go toolchain not found"

staticcheck_bin() {
  local stamp="$BIN/.staticcheck.version" want="$STATICCHECK_PKG@$STATICCHECK_VERSION"
  if [[ ! -x "$BIN/staticcheck" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    log "building $want into $BIN (first time only)"
    mkdir -p "$BIN"
    rm -f "$stamp"
    (cd "$ROOT/sdk/go" && GOBIN="$BIN" CGO_ENABLED=0 "$GO" install "$want") >&2
    echo "$want" >"$stamp"
  fi
  echo "$BIN/staticcheck"
}

# The e2e tests run bin/cpod.js, which runs dist/: rebuild it so they test the current
# sources the way users run them (well under a second when nothing changed).
if [[ "${CPOD_SKIP_BUILD:-}" != 1 ]]; then
  (cd "$ROOT" && node scripts/build.js) >&2
fi

staticcheck="$(staticcheck_bin)"
cd "$ROOT/sdk/go"
export GOFLAGS="${GOFLAGS:--mod=readonly}"
unformatted="$(gofmt -l .)"
[[ -z "$unformatted" ]] || die "gofmt would change: $unformatted"
"$GO" mod tidy -diff >&2 || die "go.mod/go.sum are not tidy (run go mod tidy in sdk/go)"
log "go vet"
"$GO" vet ./...
log "staticcheck"
"$staticcheck" ./...
log "go test"
"$GO" test -count=1 "$@" ./...
log "ok"
