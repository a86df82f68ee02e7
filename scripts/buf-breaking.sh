#!/usr/bin/env bash
# `buf breaking` for the sidecar contract. On a feature branch it compares with main; on main it
# compares with the previous commit, so the change that just landed is checked. Override the
# baseline with CPOD_BREAKING_AGAINST (any buf input, e.g. '.git#tag=v1.0.0').
set -euo pipefail
cd "$(dirname "$0")/.."

against="${CPOD_BREAKING_AGAINST:-}"
if [[ -z "$against" ]]; then
  branch=$(git rev-parse --abbrev-ref HEAD)
  if [[ "$branch" != "main" ]] && git rev-parse --verify -q main >/dev/null; then
    against=".git#branch=main"
  elif git cat-file -e HEAD~1:buf.yaml 2>/dev/null; then
    against=".git#ref=HEAD~1"
  else
    echo "buf breaking: no earlier contract to compare with (first commit of proto/); nothing to check"
    exit 0
  fi
fi
npx --no-install buf breaking --against "$against" --exclude-imports
echo "buf breaking: no breaking change against $against"
