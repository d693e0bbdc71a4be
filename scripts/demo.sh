#!/usr/bin/env bash
# Installs what is missing, builds Release, and starts the demo. Until the GUI lands, the demo
# is the CLI on the real trained stories260K model from ../shared/fixtures.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
CLI="$AUDITGAP_BUILD_DIR/app/auditgap-cli"
MODEL="$AUDITGAP_ROOT/../shared/fixtures/models/stories260K"
"$CLI" info "$MODEL"
echo
echo "Greedy story from stories260K (KV-cached):"
"$CLI" generate "$MODEL" --prompt "${1:-Once upon a time}" --max-new-tokens 120
