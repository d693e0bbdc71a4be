#!/usr/bin/env bash
# Shared set-up for demo.sh and test.sh: install the Debian packages that are missing (only
# those), then configure and build Release with ccache. A second run does no apt work and only
# an incremental build. Source this file; it defines AUDITGAP_BUILD_DIR.
set -euo pipefail

AUDITGAP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AUDITGAP_BUILD_DIR="${AUDITGAP_BUILD_DIR:-$AUDITGAP_ROOT/build/release}"

# Debian 12 packages. poppler-utils reads the audit report's PDF in the tests; dpkg-dev,
# fakeroot, file, lintian, appstream and desktop-file-utils build and check the .deb package.
# libopenblas0-openmp gives libtorch an optimized BLAS instead of netlib's
# (4-5 GFLOP/s); its OpenMP flavour shares libtorch's thread pool (see CMakeLists.txt).
# fonts-noto-cjk draws the Chinese interface (without it, boxes); qt6-translations-l10n gives
# Qt's own strings (standard buttons, file dialogs) in the interface language. xdotool and
# openbox drive the real workbench with a mouse in the user-path test (tests/ui/user_path.sh).
AUDITGAP_PACKAGES=(
  cmake g++ make pkg-config ccache git libcli11-dev python3
  libtorch-dev libopenblas0-openmp nlohmann-json3-dev libonig-dev libicu-dev
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
  libqcustomplot-dev libqcustomplot2.1-qt6 libgl1-mesa-dev xvfb xauth
  poppler-utils dpkg-dev fakeroot file lintian appstream desktop-file-utils
  fonts-noto-cjk qt6-translations-l10n xdotool openbox
)

auditgap_missing_packages() {
  local missing=()
  for p in "${AUDITGAP_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  echo "${missing[@]:-}"
}

auditgap_install_packages() {
  local missing
  missing="$(auditgap_missing_packages)"
  [ -z "$missing" ] && return 0
  echo "auditgap: installing missing Debian packages: $missing"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "auditgap: need root or sudo to install: $missing" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

auditgap_build() {
  local jobs
  jobs="$(nproc)"
  if [ ! -f "$AUDITGAP_BUILD_DIR/CMakeCache.txt" ]; then
    cmake -S "$AUDITGAP_ROOT" -B "$AUDITGAP_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release "$@"
  fi
  # ccache: paths relative to the checkout, so a fresh clone in another folder (as CI makes)
  # still hits the cache of earlier builds on the same machine; bounded in size.
  export CCACHE_BASEDIR="$AUDITGAP_ROOT"
  export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
  cmake --build "$AUDITGAP_BUILD_DIR" -j "$jobs"
}

auditgap_install_packages
auditgap_build
