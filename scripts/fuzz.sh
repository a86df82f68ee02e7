#!/usr/bin/env bash
# Property-based fuzzing of the REST contracts (issue #13): schemathesis, pinned, from PyPI,
# against a fresh `cpod dev` on embedded stores. Every operation of the gateway's and the control
# plane's OpenAPI document gets a bounded number of generated requests (valid and invalid), with a
# fixed seed; the run fails on any 5xx, any response that breaks the spec (status, content type,
# body schema), with the failing request printed as a curl line.
#
#   bash scripts/fuzz.sh                          # both programs (CI)
#   CPOD_FUZZ_EXAMPLES=50 bash scripts/fuzz.sh    # more examples per operation (default 5)
#   CPOD_FUZZ_SEED=7 bash scripts/fuzz.sh gateway # another seed, one program
#
# The venv is cached under the services cache, keyed by the schemathesis version. Needs Python
# 3.10+ (3.11 here) with venv and pip, and network access to PyPI on the first run only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CPOD_SERVICES_CACHE:-$HOME/.cache/cpod-services}"
SCHEMATHESIS_VERSION=4.32.5
VENV="$CACHE/fuzz-venv-st$SCHEMATHESIS_VERSION"
# 5 examples per operation in the fuzzing phase; the coverage phase (boundary and negative values
# of every parameter, independent of this number) is most of the run: about 3 minutes in all.
EXAMPLES="${CPOD_FUZZ_EXAMPLES:-5}"
SEED="${CPOD_FUZZ_SEED:-13}"
# A hard ceiling per program, far above a normal run, so a hang cannot eat CI's budget.
RUN_TIMEOUT="${CPOD_FUZZ_TIMEOUT:-600}"
CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
if [[ $# -eq 0 ]]; then set -- gateway control-plane; fi

log() { echo "fuzz: $*" >&2; }
die() { echo "fuzz: ERROR: $*" >&2; exit 1; }

# shellcheck source=lib/cached-venv.sh
source "$ROOT/scripts/lib/cached-venv.sh"
install() { cached_venv "$VENV" "schemathesis==$SCHEMATHESIS_VERSION"; }

free_port() {
  "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

json_field() { "$VENV/bin/python" -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cpod-fuzz.XXXXXX")"
# As root, cpod dev runs its embedded PostgreSQL as `nobody`, who must pass through this folder.
chmod 711 "$WORK"
DEV_PID=""
cleanup() {
  if [[ -n "$DEV_PID" ]] && kill -0 "$DEV_PID" 2>/dev/null; then
    kill -INT "$DEV_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$DEV_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$DEV_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# `cpod dev` on its embedded stores, exactly as on a fresh machine: no store URL from the
# environment (CI exports the real servers' for the tests), free ports, a throwaway data dir.
start_dev() {
  local gw_port cp_port
  gw_port="$(free_port)"
  cp_port="$(free_port)"
  GATEWAY="http://127.0.0.1:$gw_port"
  CONTROL_PLANE="http://127.0.0.1:$cp_port"
  local -a unset_vars=()
  local name
  for name in $(compgen -e); do
    if [[ "$name" =~ ^CPOD_(.*_URL|S3_.*|MASTER_KEY.*|ADMIN_TOKEN)$|^CORESDK_ ]]; then
      unset_vars+=(-u "$name")
    fi
  done
  env "${unset_vars[@]}" \
    CPOD_DATA_DIR="$WORK/data" \
    CPOD_GATEWAY_ADDR="127.0.0.1:$gw_port" \
    CPOD_CONTROL_PLANE_ADDR="127.0.0.1:$cp_port" \
    CORESDK_LISTEN_ADDR="[::1]:0" \
    CORESDK_METRICS_ADDR="127.0.0.1:0" \
    node "$ROOT/bin/cpod.js" dev >"$WORK/dev.log" 2>&1 &
  DEV_PID=$!
  log "cpod dev (pid $DEV_PID): gateway $GATEWAY, control plane $CONTROL_PLANE"
  local i
  for i in $(seq 1 300); do
    grep -q "cPod dev is running" "$WORK/dev.log" && return 0
    kill -0 "$DEV_PID" 2>/dev/null || { cat "$WORK/dev.log" >&2; die "cpod dev exited"; }
    sleep 0.5
  done
  cat "$WORK/dev.log" >&2
  die "cpod dev did not start within 150 s"
}

# A client-credentials token for the dev app (every scope) and the admin token, as schemathesis
# auth per security scheme: data routes get the JWT, admin routes the admin token.
write_config() {
  local credentials="$WORK/data/dev-credentials.json" client_id client_secret admin token
  client_id="$(json_field client_id <"$credentials")"
  client_secret="$(json_field client_secret <"$credentials")"
  admin="$(json_field admin_token <"$credentials")"
  token="$(curl -sS --fail-with-body "$GATEWAY/v1/oauth/token" \
    -d grant_type=client_credentials -d "client_id=$client_id" \
    --data-urlencode "client_secret=$client_secret" | json_field access_token)"
  cat >"$WORK/schemathesis.toml" <<EOF
[auth.openapi.oauth2]
bearer = "$token"
[auth.openapi.bearerAuth]
bearer = "$token"
[auth.openapi.adminToken]
bearer = "$admin"
EOF
}

# One program's document against its base URL; prints schemathesis's report, returns its status.
# One worker: with threads, Python 3.11's ast.parse (hypothesis describes filters with it) fails
# now and then with "AST constructor recursion depth mismatch" — a tool error, not a finding.
# Run from the temp dir: schemathesis keeps a cache of past failures in `.schemathesis/` under
# the working directory and replays them, which would make runs depend on earlier ones. Report
# lines are cut at 2,000 characters (a generated 16 KiB query string is one curl line).
fuzz() {
  local name="$1" spec="$2" url="$3"
  log "$name: $spec against $url, $EXAMPLES examples per operation, seed $SEED"
  (
    cd "$WORK"
    timeout "$RUN_TIMEOUT" "$VENV/bin/schemathesis" --config-file "$WORK/schemathesis.toml" \
      run "$spec" --url "$url" \
      --checks "$CHECKS" \
      --max-examples "$EXAMPLES" --seed "$SEED" \
      --generation-database none \
      --workers 1 \
      --no-color
  ) 2>&1 | cut -c1-2000
  return "${PIPESTATUS[0]}"
}

install
# The programs run compiled, as `npx cpod` runs them: rebuild dist/ if the sources moved on.
node "$ROOT/scripts/build.js" --if-stale >&2
start_dev
write_config
status=0
for target in "$@"; do
  case "$target" in
    gateway) fuzz gateway "$ROOT/gen/openapi/gateway.json" "$GATEWAY" || status=1 ;;
    control-plane) fuzz control-plane "$ROOT/gen/openapi/controlPlane.json" "$CONTROL_PLANE" || status=1 ;;
    *) die "unknown target $target (gateway, control-plane)" ;;
  esac
done
if [[ $status -ne 0 ]]; then
  log "failures above; cpod dev's log (last 40 lines):"
  tail -n 40 "$WORK/dev.log" >&2
fi
exit "$status"
