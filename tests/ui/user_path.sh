#!/usr/bin/env bash
# The user's path, not the widget API: the real `auditgap` binary on the demo family under a
# virtual X display (xvfb) with a window manager (openbox), fresh settings; xdotool drags one
# budget slider with the mouse. The heatmap's values are read back through the workbench's state
# hook ($AUDITGAP_STATE_FILE, ui/StateProbe), never from pixels. Checks: the dragged slider's
# budget changed and no other; the dragged row of the twin's refusal heatmap now holds the
# attack's values (labelled with its budget) instead of copying the clean row; every other
# unattacked row still copies the clean row.
#   user_path.sh GUI DEMO_DIR
set -euo pipefail
GUI="$1"
DEMO="$2"
if [ "${3:-}" != "--inside" ]; then
  exec xvfb-run -a -s "-screen 0 1600x1000x24" bash "$0" "$GUI" "$DEMO" --inside
fi

tmp="$(mktemp -d)"
app=""
wm=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  [ -n "$wm" ] && kill "$wm" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export AUDITGAP_STATE_FILE="$tmp/state.json" AUDITGAP_DEMO_DIR="$DEMO" AUDITGAP_THREADS=2

openbox >/dev/null 2>&1 &
wm=$!
"$GUI" >"$tmp/gui.log" 2>&1 &
app=$!

# state.py QUERY: evaluates a Python expression over the state (s), prints the result.
state() {
  python3 - "$AUDITGAP_STATE_FILE" "$1" <<'PY'
import json, sys
try:
    s = json.load(open(sys.argv[1]))
except Exception:
    print("")
    sys.exit(0)
print(eval(sys.argv[2]))
PY
}
wait_for() { # wait_for SECONDS EXPR
  local deadline=$((SECONDS + $1))
  while [ "$(state "$2")" != "True" ]; do
    if [ $SECONDS -ge $deadline ]; then
      echo "user_path: timed out waiting for: $2" >&2
      tail -20 "$tmp/gui.log" >&2 || true
      exit 1
    fi
    kill -0 "$app" 2>/dev/null || { echo "user_path: the workbench exited" >&2; cat "$tmp/gui.log" >&2; exit 1; }
    sleep 0.5
  done
}

HOOK=3 # block 2: its slider is off at start-up (the demo opens on block 4)
ROW=$((HOOK + 1))
# Both models loaded and the twin's clean row estimated.
wait_for 180 "not s['loading'] and 'B' in s.get('refusal', {}) and all(v is not None for v in s['refusal']['B']['values'][0])"
[ "$(state "s['sliders'][$HOOK]")" = "0.0" ] || { echo "user_path: slider $HOOK is not off at start-up" >&2; exit 1; }
[ "$(state "s['refusal']['B']['values'][$ROW] == s['refusal']['B']['values'][0]")" = "True" ] ||
  { echo "user_path: an unattacked row does not copy the clean row" >&2; exit 1; }
before="$(state "json.dumps(s['sliders'])")"

# Drag the slider's handle (at the bottom: 0 = off) upwards with the mouse.
read -r x y w h <<<"$(state "' '.join(str(v) for v in s['slider_geometry'][$HOOK][:4])")"
cx=$((x + w / 2))
start=$((y + h - 8))
xdotool mousemove "$cx" "$start"
sleep 0.3
xdotool mousedown 1
for dy in 10 20 30 40 50 60 70; do
  xdotool mousemove "$cx" $((start - dy))
  sleep 0.05
done
xdotool mouseup 1

# The dragged slider, and only it, has a budget now; its row shows the attack, labelled.
wait_for 30 "s['sliders'][$HOOK] > 0"
python3 - "$AUDITGAP_STATE_FILE" "$before" "$HOOK" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
before = json.loads(sys.argv[2])
hook = int(sys.argv[3])
after = s["sliders"]
changed = [h for h in range(len(after)) if after[h] != before[h]]
assert changed == [hook], f"sliders changed: {changed} (expected only {hook})"
PY
wait_for 60 "s['refusal']['B']['values'][$ROW] != s['refusal']['B']['values'][0] and all(v is not None and 0 <= v <= 1 for v in s['refusal']['B']['values'][$ROW]) and ' p ' in s['refusal']['B']['row_labels'][$ROW]"
python3 - "$AUDITGAP_STATE_FILE" "$HOOK" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
hook = int(sys.argv[2])
for slot, m in s["refusal"].items():
    vals = m["values"]
    for h, p in enumerate(s["sliders"]):
        if p == 0 and h != hook:
            assert vals[h + 1] == vals[0], f"{slot}: unattacked row {h + 1} does not copy the clean row"
print(f"user_path: slider {hook} dragged to p = {s['sliders'][hook]:.3g}; "
      f"row {hook + 1} of B: {sum(v for v in s['refusal']['B']['values'][hook + 1])/len(s['refusal']['B']['values'][hook + 1]):.3f} mean refusal")
PY
