#!/usr/bin/env bash
# The Python SDK's checks (issue #16): ruff, mypy --strict, the unit tests, the end-to-end suite
# against a real `cpod dev` (tests/e2e starts one), and the README example. CI calls this.
#
#   bash scripts/test-python-sdk.sh              # everything
#   bash scripts/test-python-sdk.sh -m "not e2e" # pytest arguments pass through (unit only)
#   CPOD_PYSDK_SKIP_WHEEL=1 bash scripts/test-python-sdk.sh   # without the wheel check
#
# The venv is cached under the services cache, keyed by a hash of the pinned constraints and of
# this checkout's path (the package is installed editable, i.e. as a pointer to this checkout: a
# venv made for another checkout — a worktree since removed — would import nothing), built in
# place with a stamp (like scripts/fuzz.sh); a warm run installs nothing. Needs
# Python 3.10+ and PyPI on the first run only (and for the wheel check's fresh venv, which pip
# fills from its cache when warm).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="$ROOT/sdk/python"
CACHE="${CPOD_SERVICES_CACHE:-$HOME/.cache/cpod-services}"
PINS="$({ cat "$PKG/constraints.txt" "$PKG/pyproject.toml"; echo "$PKG"; } | sha256sum | cut -c1-12)"
VENV="$CACHE/python-sdk-venv-$PINS"

log() { echo "test-python-sdk: $*" >&2; }
die() { echo "test-python-sdk: ERROR: $*" >&2; exit 1; }

# shellcheck source=lib/cached-venv.sh
source "$ROOT/scripts/lib/cached-venv.sh"
install() { cached_venv "$VENV" -c "$PKG/constraints.txt" -e "$PKG[test]"; }

install
# The programs run compiled, as `npx cpod` runs them: rebuild dist/ if the sources moved on.
node "$ROOT/scripts/build.js" --if-stale >&2
cd "$PKG"
log "ruff check, ruff format --check, mypy --strict"
"$VENV/bin/ruff" check --quiet .
"$VENV/bin/ruff" format --check --quiet .
"$VENV/bin/mypy"
log "pytest"
CPOD_REPO_ROOT="$ROOT" "$VENV/bin/pytest" -q "$@"

# The wheel as a user gets it: built into sdk/python/dist/, installed (with the pinned
# dependencies) into a fresh venv outside the checkout, and the README's examples run there.
[[ -n "${CPOD_PYSDK_SKIP_WHEEL:-}" ]] && exit 0
log "wheel"
rm -rf "$PKG/dist"
"$VENV/bin/python" -m build --wheel --no-isolation --outdir "$PKG/dist" "$PKG" >/dev/null
WHEEL="$(ls "$PKG"/dist/cpod_sdk-*.whl)"
CLEAN="$(mktemp -d "${TMPDIR:-/tmp}/cpod-pysdk-wheel.XXXXXX")"
trap 'rm -rf "$CLEAN"' EXIT
# The oldest Python the package supports when this machine has it, so 3.10 is exercised too.
# (A pyenv shim can exist without that version being active, so it has to run to count.)
OLDEST="$VENV/bin/python"
for candidate in python3.10 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10.*/bin/python; do
  if "$candidate" -c '' 2>/dev/null; then OLDEST="$candidate"; break; fi
done
"$OLDEST" -m venv "$CLEAN/venv"
"$CLEAN/venv/bin/pip" install --quiet --disable-pip-version-check -c "$PKG/constraints.txt" "$WHEEL"
(cd "$CLEAN" && "$CLEAN/venv/bin/python" -c \
  'import cpod_sdk, sys; assert "site-packages" in cpod_sdk.__file__, cpod_sdk.__file__; print("installed", cpod_sdk.__version__, "for Python", sys.version.split()[0], "at", cpod_sdk.__file__)')
log "README examples against the installed wheel"
CPOD_REPO_ROOT="$ROOT" CPOD_SDK_PYTHON="$CLEAN/venv/bin/python" "$VENV/bin/pytest" -q -p no:cacheprovider \
  tests/e2e/test_readme.py
log "$(basename "$WHEEL") OK"
