#!/usr/bin/env bash
# The README's first command: install the dependencies, build the release preset, install the
# Python module for /usr/bin/python3, and run the arenajson CLI on a sample from corpus/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
# The Python module, for Debian's own interpreter (/usr/bin/python3): installed where that
# interpreter finds what its administrator installed (/usr/local/lib/python3.X/dist-packages).
if [ -e build/release/python/arenajson/__init__.py ]; then
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" cmake --install build/release --component python
  /usr/bin/python3 -c "import arenajson; print('arenajson', arenajson.__version__, 'for', __import__('sys').executable)"
fi
echo
scripts/demo.sh
