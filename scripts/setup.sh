#!/usr/bin/env bash
# Prepares this checkout on a fresh Debian machine (or macOS): the system libraries Qt needs
# (Linux only, offscreen too), then a virtual environment in .venv with caresq-desk and its tests.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if ! "$python" -c "import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))"; then
  echo "setup: caresq-desk needs Python 3.11, 3.12 or 3.13; '$python' is $("$python" --version 2>&1)." >&2
  echo "setup: set PYTHON=/path/to/python3 (3.11 to 3.13) and run again." >&2
  exit 1
fi

# The shared libraries are Linux's concern (macOS: the Qt wheel brings what it needs; Windows has
# scripts/setup.ps1). Inside this block only: macOS has bash 3.2, without associative arrays.
if [ "$(uname -s)" = Linux ]; then
  # Shared library -> Debian package that provides it. Qt's offscreen platform needs the first six;
  # a window on an X11 desktop (Qt's xcb platform) needs the xcb ones too, or Qt aborts at start.
  declare -A qt_libraries=(
    [libEGL.so.1]=libegl1
    [libGL.so.1]=libgl1
    [libfontconfig.so.1]=libfontconfig1
    [libxkbcommon.so.0]=libxkbcommon0
    [libglib-2.0.so.0]=libglib2.0-0
    [libdbus-1.so.3]=libdbus-1-3
    [libxcb-cursor.so.0]=libxcb-cursor0
    [libxcb-icccm.so.4]=libxcb-icccm4
    [libxcb-keysyms.so.1]=libxcb-keysyms1
    [libxcb-image.so.0]=libxcb-image0
    [libxcb-render-util.so.0]=libxcb-render-util0
    [libxcb-shape.so.0]=libxcb-shape0
    [libxcb-randr.so.0]=libxcb-randr0
    [libxcb-xkb.so.1]=libxcb-xkb1
    [libxkbcommon-x11.so.0]=libxkbcommon-x11-0
  )
  missing=()
  for library in "${!qt_libraries[@]}"; do
    ldconfig -p 2>/dev/null | grep -q "$library" || missing+=("${qt_libraries[$library]}")
  done
  if ! fc-list 2>/dev/null | grep -q .; then
    missing+=(fontconfig fonts-dejavu-core)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "setup: installing system packages for Qt: ${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    else
      echo "setup: these system packages are missing (Qt needs them): ${missing[*]}" >&2
      echo "setup: install them with: sudo apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
# Optional: the fast writer for long summaries; without it XlsxWriter writes them (slower).
if ! .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[dev,fast-excel]"; then
  echo "setup: rustpy-xlsxwriter could not be installed; long summaries are written by XlsxWriter" >&2
fi
# An editable install has no bytecode, and with PYTHONDONTWRITEBYTECODE set Python would compile
# every module again on each start (about a fifth of the start-up); pip compiles a normal install.
.venv/bin/python -m compileall -q caresq_desk >/dev/null
echo "setup: ready (.venv)"
