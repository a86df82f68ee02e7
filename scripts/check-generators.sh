#!/usr/bin/env bash
# Contract check (issue #16): the bundled REST contracts (gen/openapi/*.json) must be accepted,
# with no warning, by the tools other languages' users reach for first. A spec that only our own
# TypeScript generator reads can drift into shapes that Python or Go generators silently drop
# (operations not generated, bodies typed as nothing) without any test here noticing.
#
#   bash scripts/check-generators.sh                  # all three (CI)
#   bash scripts/check-generators.sh spectral python  # some of: spectral python go
#
#   spectral  Spectral's default `spectral:oas` ruleset: 0 results (warnings included).
#   python    openapi-python-client: generates a client per spec, 0 warnings.
#   go        oapi-codegen: types + client per spec into a temp module, `go build` + `go vet`.
#
# Tools are pinned and cached under the services cache like scripts/fuzz.sh and
# scripts/services.sh do: a venv per openapi-python-client version, oapi-codegen in $CACHE/bin
# with a version stamp, Spectral from node_modules (a devDependency). The first run needs
# network (PyPI, the Go module proxy); later runs
# need none beyond the Go module cache. Run `npm run generate` first: this reads gen/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CPOD_SERVICES_CACHE:-$HOME/.cache/cpod-services}"
BIN="$CACHE/bin"
OPC_VERSION=0.29.1
OAPI_CODEGEN_VERSION=v2.8.2
OAPI_CODEGEN_PKG=github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen
SPECS=(gateway controlPlane)
if [[ $# -eq 0 ]]; then set -- spectral python go; fi

log() { echo "check-generators: $*" >&2; }
die() { echo "check-generators: ERROR: $*" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cpod-generators.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

spec_path() { echo "$ROOT/gen/openapi/$1.json"; }

# Spectral: the project's own copy (a devDependency, pinned in package.json).
spectral_bin() {
  [[ -x "$ROOT/node_modules/.bin/spectral" ]] || die "Spectral is missing: run npm install"
  echo "$ROOT/node_modules/.bin/spectral"
}

check_spectral() {
  local spectral results
  spectral="$(spectral_bin)"
  echo 'extends: ["spectral:oas"]' >"$WORK/.spectral.yaml"
  for name in "${SPECS[@]}"; do
    # --fail-severity hint: any result at all (a warning too) fails the check.
    if ! results="$("$spectral" lint --ruleset "$WORK/.spectral.yaml" --fail-severity hint \
      --format text "$(spec_path "$name")" 2>&1)"; then
      echo "$results" >&2
      die "spectral: $name.json has findings (above)"
    fi
    log "spectral: $name.json clean"
  done
}

# shellcheck source=lib/cached-venv.sh
source "$ROOT/scripts/lib/cached-venv.sh"
opc_bin() {
  local venv="$CACHE/opc-venv-$OPC_VERSION"
  cached_venv "$venv" "openapi-python-client==$OPC_VERSION" >&2 || exit 1
  echo "$venv/bin/openapi-python-client"
}

check_python() {
  local opc out
  opc="$(opc_bin)"
  # No post hooks (they run ruff, which is not the contract's business). `*/*` is how the spec
  # says "any content type" for uploads and downloads; openapi-python-client has no model for
  # it, and its documented override maps it to bytes, which is what `*/*` means here.
  cat >"$WORK/opc.yaml" <<'EOF'
post_hooks: []
content_type_overrides:
  "*/*": application/octet-stream
EOF
  for name in "${SPECS[@]}"; do
    if ! out="$("$opc" generate --path "$(spec_path "$name")" --meta none \
      --config "$WORK/opc.yaml" --output-path "$WORK/python-$name" 2>&1)"; then
      echo "$out" >&2
      die "openapi-python-client: $name.json failed"
    fi
    if grep -qi "warning" <<<"$out"; then
      echo "$out" >&2
      die "openapi-python-client: $name.json generated with warnings (above)"
    fi
    log "openapi-python-client: $name.json clean"
  done
}

go_cmd() {
  if command -v go >/dev/null; then echo go
  elif [[ -x /usr/local/go/bin/go ]]; then echo /usr/local/go/bin/go
  else die "Go toolchain not found"; fi
}

oapi_codegen_bin() {
  local stamp="$BIN/.oapi-codegen.version" want="$OAPI_CODEGEN_PKG@$OAPI_CODEGEN_VERSION"
  if [[ ! -x "$BIN/oapi-codegen" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    log "building $want into $BIN (first time only)"
    mkdir -p "$BIN"
    rm -f "$stamp"
    GOBIN="$BIN" CGO_ENABLED=0 "$(go_cmd)" install "$want" >&2
    echo "$want" >"$stamp"
  fi
  echo "$BIN/oapi-codegen"
}

check_go() {
  local codegen go module="$WORK/go" pkg
  codegen="$(oapi_codegen_bin)"
  go="$(go_cmd)"
  mkdir -p "$module"
  for name in "${SPECS[@]}"; do
    pkg="$(tr '[:upper:]' '[:lower:]' <<<"$name")"
    mkdir -p "$module/$pkg"
    "$codegen" -generate types,client -package "$pkg" -o "$module/$pkg/client.go" \
      "$(spec_path "$name")" || die "oapi-codegen: $name.json failed"
    log "oapi-codegen: $name.json generated"
  done
  (
    cd "$module"
    "$go" mod init example.com/cpod-generated >/dev/null 2>&1
    "$go" mod tidy >&2 2>&1 || die "go mod tidy failed"
    "$go" build ./... || die "go build of the generated clients failed"
    "$go" vet ./... || die "go vet of the generated clients failed"
  )
  log "oapi-codegen: generated clients build and vet clean"
}

for name in "${SPECS[@]}"; do
  [[ -f "$(spec_path "$name")" ]] || die "$(spec_path "$name") missing; run npm run generate"
done
for check in "$@"; do
  case "$check" in
    spectral) check_spectral ;;
    python) check_python ;;
    go) check_go ;;
    *) die "unknown check $check (spectral, python, go)" ;;
  esac
done
log "ok: $*"
