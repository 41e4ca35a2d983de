#!/usr/bin/env bash
# The README's first command: install the dependencies, build the release preset, and run the
# arenajson CLI on a sample from corpus/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
echo
scripts/demo.sh
