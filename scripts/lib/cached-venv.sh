# Sourced by the scripts that run a Python tool (fuzz.sh, check-generators.sh,
# generate-python-sdk.sh, test-python-sdk.sh): one way to keep a pinned venv in the cache.
#
#   source "$ROOT/scripts/lib/cached-venv.sh"
#   cached_venv "$CACHE/fuzz-venv-st4.0" "schemathesis==4.0"   # then "$CACHE/…/bin/st"
#
# A venv cannot be moved (its scripts name their interpreter by absolute path), so it is built in
# place, and a stamp marks it complete: an interrupted install is started over, a complete one is
# reused without a look at the network. The arguments after the folder go to `pip install`.

cached_venv() {
  local venv="$1" python
  shift
  [[ -f "$venv/.installed" ]] && return 0
  python="$(command -v python3.11 || command -v python3 || true)"
  if [[ -z "$python" ]]; then
    echo "${0##*/}: ERROR: python3 not found (needed for $venv)" >&2
    return 1
  fi
  echo "${0##*/}: installing $* into $venv" >&2
  # `|| return 1` on each step: callers may run this where `set -e` does not apply (in `$(…)`), and
  # a failed install must never get the stamp.
  rm -rf "$venv" || return 1
  "$python" -m venv "$venv" || return 1
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$@" || return 1
  touch "$venv/.installed"
}
