#!/usr/bin/env bash
# A Python virtual environment with the official Cozeloop Python SDK, for the SDK compatibility test
# (cli/cozeloop-python-sdk.test.ts). Installs Debian's python3-venv when the venv module is missing.
#
#   scripts/python-sdks.sh install   create the venv and pip-install the pinned SDK when not already there
#   scripts/python-sdks.sh path      install if needed, then print the venv's python
#
# Environment: SPANLOOP_PYTHON_SDKS_DIR (~/.cache/spanloop/python-sdks).
set -euo pipefail

COZELOOP_VERSION="0.1.28"
VENV="${SPANLOOP_PYTHON_SDKS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/spanloop/python-sdks}"
PYTHON="$VENV/bin/python"
# The SDK and every package it pulls in, at the versions the test last passed with (pip freeze), so a new
# release of a dependency cannot change what CI runs. Change them together and keep the test green.
PINS=(
  "cozeloop==$COZELOOP_VERSION"
  annotated-types==0.8.0 anyio==4.16.0 APScheduler==3.11.3 Authlib==1.9.10 cachetools==6.2.6
  certifi==2026.10.19.post1 cffi==2.1.1 cryptography==50.0.2 h11==0.16.0 httpcore==1.0.9 httpx==0.28.1
  idna==3.20 Jinja2==3.1.6 joserfc==1.8.0 MarkupSafe==3.0.4 pycparser==3.12 pydantic==2.14.4
  pydantic_core==2.50.5 typing-inspection==0.4.5 typing_extensions==4.16.0 tzlocal==5.4.5
)
# The pins this venv was made with: a change of them makes a new venv.
STAMP="$VENV/.spanloop-pins"

say() { echo "python-sdks.sh: $*" >&2; }

has_venv_module() { python3 -c 'import ensurepip, venv' >/dev/null 2>&1; }

install_python() {
  if command -v python3 >/dev/null && has_venv_module; then
    return 0
  fi
  say "installing python3-venv from Debian"
  # Everything apt prints goes to stderr: `path` prints the python's path alone on stdout.
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends python3 python3-venv >&2
  has_venv_module || { say "python3's venv module is still missing after install"; exit 1; }
}

installed() {
  [[ -x "$PYTHON" && -f "$STAMP" && "$(cat "$STAMP")" == "${PINS[*]}" ]] && "$PYTHON" -m pip check >/dev/null 2>&1
}

install() {
  if installed; then
    return 0
  fi
  install_python
  say "creating $VENV with cozeloop==$COZELOOP_VERSION"
  if [[ -d "$VENV" && -n "$(ls -A "$VENV")" && ! -f "$VENV/pyvenv.cfg" ]]; then
    say "$VENV exists and is not a venv: not replacing it"
    exit 1
  fi
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  python3 -m venv "$VENV" >&2
  "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-input "${PINS[@]}" >&2
  # authlib warns on import that authlib.jose is deprecated: only a failing import matters here.
  "$PYTHON" -c 'import cozeloop' 2>/dev/null || { say "cozeloop does not import after install"; exit 1; }
  echo "${PINS[*]}" >"$STAMP"
}

case "${1:-}" in
  install) install ;;
  path)
    install
    echo "$PYTHON"
    ;;
  *)
    say "usage: $0 install|path"
    exit 2
    ;;
esac
