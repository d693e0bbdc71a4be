#!/usr/bin/env bash
# Installs what is missing, builds Release, and starts the AuditGap workbench on the built-in
# demo family (resources/demo): the base model (A) and its dissociated twin (B) refuse alike,
# yet latent PGD at the nudge layer breaks only the twin.
# Without a display it runs the same audit headless and writes the heatmaps and plots as PNG,
# a session file and the tidy cells CSV (AUDITGAP_DEMO_OUT, default build/demo-audit).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
GUI="$AUDITGAP_BUILD_DIR/app/auditgap"
export AUDITGAP_DEMO_DIR="${AUDITGAP_DEMO_DIR:-$AUDITGAP_ROOT/resources/demo}"
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$GUI" "$@"
fi
OUT="${AUDITGAP_DEMO_OUT:-$AUDITGAP_ROOT/build/demo-audit}"
echo "auditgap: no display found; running the demo audit headless (about 3 minutes on 2 cores)."
QT_QPA_PLATFORM=offscreen "$GUI" --headless-demo "$OUT"
echo "Open the session later with: $GUI $OUT/demo.agap.json"
