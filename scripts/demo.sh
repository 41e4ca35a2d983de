#!/usr/bin/env bash
# The main job: the arenajson CLI on the committed samples (the .zst ones are compressed).
set -euo pipefail
cd "$(dirname "$0")/.."
aj=build/release/bin/arenajson
show() {
  printf '$ arenajson'
  for a in "$@"; do
    if [[ $a =~ [^A-Za-z0-9_./-] ]]; then printf " '%s'" "$a"; else printf ' %s' "$a"; fi
  done
  echo
  "$aj" "$@" || echo "(exit status $?)"
  echo
}
show query '.[] | select(.age > 70) | .name' corpus/samples/people.json.zst
show get corpus/samples/people.json /3/address
show query --ndjson -c 'select(.status == 503 and .method != "GET") | [.ts, .method, .path]' corpus/samples/requests.ndjson.zst
show check corpus/samples/people.json corpus/samples/config.json
show stats corpus/samples/people.json.zst
