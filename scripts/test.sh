#!/usr/bin/env bash
# Installs what is missing, builds Release, runs the whole CTest suite. Non-zero on any failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$AUDITGAP_BUILD_DIR"
ctest --output-on-failure --timeout 900
