#!/usr/bin/env bash
# Headless Chromium for the console's end-to-end tests, installed from Debian when missing.
#
#   scripts/chromium.sh install   install the Debian package if no chromium binary is found
#   scripts/chromium.sh path      install if needed, then print the binary's path
#
# The tests drive it through playwright-core, which never downloads a browser of its own.
set -euo pipefail

say() { echo "chromium.sh: $*" >&2; }

find_binary() {
  local candidate
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [[ -x "$candidate" ]]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

install() {
  if find_binary >/dev/null; then
    return 0
  fi
  say "installing chromium from Debian"
  # Everything apt prints goes to stderr: `path` prints the binary's path alone on stdout.
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    chromium fonts-dejavu-core >&2
  find_binary >/dev/null || { say "chromium not found after install"; exit 1; }
}

case "${1:-}" in
  install) install ;;
  path)
    install
    find_binary
    ;;
  *)
    say "usage: $0 install|path"
    exit 2
    ;;
esac
