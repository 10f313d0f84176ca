#!/usr/bin/env bash
# Installs what tests/runtime needs to run the service's code under its container's constraints:
# bubblewrap (isolation), setpriv (the image's user id, from util-linux) and openssl (a test certificate).
set -euo pipefail
missing=()
command -v bwrap >/dev/null || missing+=(bubblewrap)
command -v setpriv >/dev/null || missing+=(util-linux)
command -v openssl >/dev/null || missing+=(openssl)
if ((${#missing[@]})); then
  if [[ $(id -u) != 0 ]]; then
    echo "runtime-setup: need ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
bwrap --version
