#!/usr/bin/env bash
# Builds the one-folder bundle dist/caresq-desk/ with PyInstaller and runs its self-test.
# Needs the development environment: bash scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
work=${2:-build}
.venv/bin/pyinstaller --noconfirm --log-level WARN --distpath "$dist" --workpath "$work" \
  packaging/caresq-desk.spec
QT_QPA_PLATFORM=offscreen "$dist/caresq-desk/caresq-desk" --self-test
du -sh "$dist/caresq-desk"
