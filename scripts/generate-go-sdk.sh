#!/usr/bin/env bash
# Regenerates the Go SDK's contract layer (sdk/go/internal/gen) from the bundled gateway
# contract with oapi-codegen, pinned like scripts/check-generators.sh pins it and cached in the
# same place ($CPOD_SERVICES_CACHE/bin, stamped with its version). The output is committed; the
# drift check runs this and fails on a diff. Run `npm run generate` first: this reads gen/.
#
#   bash scripts/generate-go-sdk.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CPOD_SERVICES_CACHE:-$HOME/.cache/cpod-services}"
BIN="$CACHE/bin"
OAPI_CODEGEN_VERSION=v2.8.2
OAPI_CODEGEN_PKG=github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen
SPEC="$ROOT/gen/openapi/gateway.json"
OUT="$ROOT/sdk/go/internal/gen/gateway.gen.go"

log() { echo "generate-go-sdk: $*" >&2; }
die() { echo "generate-go-sdk: ERROR: $*" >&2; exit 1; }

[[ -f "$SPEC" ]] || die "$SPEC missing; run npm run generate"
GO="$(command -v go || echo /usr/local/go/bin/go)"
[[ -x "$GO" ]] || die "Go toolchain not found"

stamp="$BIN/.oapi-codegen.version" want="$OAPI_CODEGEN_PKG@$OAPI_CODEGEN_VERSION"
if [[ ! -x "$BIN/oapi-codegen" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  log "building $want into $BIN (first time only)"
  mkdir -p "$BIN"
  rm -f "$stamp"
  GOBIN="$BIN" CGO_ENABLED=0 "$GO" install "$want" >&2
  echo "$want" >"$stamp"
fi

mkdir -p "$(dirname "$OUT")"
# types + client only: the hand-written layer above it owns tokens, retries and errors, and
# reaches the generated client through its HttpRequestDoer (see sdk/go/transport.go).
"$BIN/oapi-codegen" -generate types,client -package gen -o "$OUT" "$SPEC"
log "wrote ${OUT#"$ROOT/"}"
