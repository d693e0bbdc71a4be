#!/usr/bin/env bash
# Installs what is missing, builds Release, and starts the demo. Until the GUI lands, the demo
# is the audit CLI on the built-in demo family (resources/demo): the base model and its
# dissociated twin refuse alike, yet latent PGD at the nudge layer breaks only the twin.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
CLI="$AUDITGAP_BUILD_DIR/app/auditgap-cli"
DEMO="$AUDITGAP_ROOT/resources/demo"
BUDGET="$(sed -n 's/.*"headline_budget": *\([0-9.e-]*\).*/\1/p' "$DEMO/demo.json")"
LAYER="$(sed -n 's/.*"nudge_layer": *\([0-9]*\).*/\1/p' "$DEMO/demo.json")"
OUT="${AUDITGAP_DEMO_OUT:-$AUDITGAP_ROOT/build/demo-audit}"
mkdir -p "$OUT"
"$CLI" info "$DEMO/base"
echo
echo "Audit of the demo family: PGD at block $LAYER, budget p = $BUDGET, held-out harmful prompts"
"$CLI" audit --model base="$DEMO/base" --model dissociated="$DEMO/dissociated" \
  --prompts "$DEMO/prompts/harmful_eval.jsonl" --layers "embedding,$LAYER" --budgets "$BUDGET" \
  --reward "$DEMO/reward" --max-new-tokens 48 --out "$OUT/results.json" --csv "$OUT/cells.csv"
echo
echo "Results: $OUT/results.json (and the tidy $OUT/cells.csv)."
echo "The whole acceptance audit: $CLI demo check --models $DEMO"
