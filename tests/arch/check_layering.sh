#!/usr/bin/env bash
# The layering rules of docs/ARCHITECTURE.md, checked on the sources and the built CLI:
#   1. no file under core/ includes a Qt header (core is the engine; the CLI and clusters use it
#      without Qt);
#   2. no file under ui/ includes a torch header (every libtorch call stays in core, on the
#      engine's worker);
#   3. auditgap-cli links neither Qt nor the UI library: it needs no Qt library itself (ELF
#      NEEDED), `ldd` shows no Qt 6 GUI library, and no symbol of auditgap::ui is in it. (Debian's
#      libtorch pulls Qt 5 in through OpenCV's highgui; that is the distribution's libtorch, not
#      AuditGap, and a libtorch from PyTorch has no such dependency.)
# Usage: check_layering.sh SOURCE_ROOT AUDITGAP_CLI
set -uo pipefail
root="$1"
cli="$2"
status=0
fail() { echo "layering: $*" >&2; status=1; }

# 1. Qt in core: <QString>, <QtCore/...>, "qcustomplot.h", <qglobal.h> ...
qt=$(grep -rnE '^\s*#\s*include\s*[<"](Q[A-Z][A-Za-z]*|Qt[A-Za-z]*/[^>"]*|q[a-z]+\.h|qcustomplot\.h)[>"]' \
     "$root/core" --include='*.h' --include='*.cpp' || true)
[ -z "$qt" ] || fail "core/ includes Qt headers:
$qt"

# 2. torch in ui: <torch/...>, <ATen/...>, <c10/...>
torch=$(grep -rnE '^\s*#\s*include\s*[<"](torch|ATen|c10)/' "$root/ui" --include='*.h' --include='*.cpp' || true)
[ -z "$torch" ] || fail "ui/ includes torch headers:
$torch"

# 3. the CLI's libraries and symbols
[ -x "$cli" ] || fail "not an executable: $cli"
needed=$(readelf -d "$cli" 2>&1 | grep NEEDED) || fail "readelf -d $cli failed"
echo "$needed" | grep -qiE 'libQt|qcustomplot' && fail "auditgap-cli needs Qt itself:
$needed"
libs=$(ldd "$cli" 2>&1) || fail "ldd $cli failed: $libs"
echo "$libs" | grep -qE 'libQt6(Widgets|Gui|PrintSupport|Svg)' && fail "auditgap-cli links the GUI stack:
$(echo "$libs" | grep -E 'libQt6')"
echo "$libs" | grep -q 'libqcustomplot' && fail "auditgap-cli links QCustomPlot"
ui=$(nm -C "$cli" 2>/dev/null | grep -c 'auditgap::ui::' || true)
[ "$ui" = "0" ] || fail "auditgap-cli holds $ui symbols of auditgap::ui"

[ $status -eq 0 ] && echo "layering: core has no Qt, ui has no torch, auditgap-cli has no GUI"
exit $status
