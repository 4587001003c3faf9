# shellcheck shell=bash
# Sourced by ./till and ./run-tests: make this checkout ready to run, idempotently.
#
#   cashier_bootstrap runtime|dev
#
# 1. On Debian/Ubuntu, as root: install the system libraries Qt needs (and fonts with
#    umlauts and €) when they are missing; for dev also Xvfb, xdotool and openbox, which the
#    GUI acceptance tests (tests/gui) drive the real window with. As another user: name the
#    missing ones and go on.
# 2. Create the virtual environment (.venv, or $CASHIER_VENV) with Python >= 3.11.
# 3. Install the pinned packages from requirements/<profile>.txt and the project itself
#    (editable), but only when the pins, pyproject.toml or the interpreter changed since the
#    last run: a second run costs a hash and a file read.
#
# Environment: CASHIER_PYTHON (interpreter to build the venv from), CASHIER_VENV (venv path),
# CASHIER_SKIP_SYSTEM_PACKAGES=1 (never touch apt).

CASHIER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CASHIER_VENV="${CASHIER_VENV:-$CASHIER_ROOT/.venv}"

_say() { printf 'cashier: %s\n' "$*" >&2; }

# Shared library (as the dynamic linker names it) -> Debian package that ships it.
_QT_OFFSCREEN_LIBS=(
  "libEGL.so.1 libegl1"
  "libGL.so.1 libgl1"
  "libfontconfig.so.1 libfontconfig1"
  "libfreetype.so.6 libfreetype6"
  "libglib-2.0.so.0 libglib2.0-0"
  "libdbus-1.so.3 libdbus-1-3"
  "libxkbcommon.so.0 libxkbcommon0"
  "libX11.so.6 libx11-6"
)
# What the xcb platform plugin adds for a real window (X11, Xvfb).
_QT_XCB_LIBS=(
  "libxkbcommon-x11.so.0 libxkbcommon-x11-0"
  "libX11-xcb.so.1 libx11-xcb1"
  "libxcb-cursor.so.0 libxcb-cursor0"
  "libxcb-icccm.so.4 libxcb-icccm4"
  "libxcb-keysyms.so.1 libxcb-keysyms1"
  "libxcb-image.so.0 libxcb-image0"
  "libxcb-randr.so.0 libxcb-randr0"
  "libxcb-render-util.so.0 libxcb-render-util0"
  "libxcb-shape.so.0 libxcb-shape0"
  "libxcb-xkb.so.1 libxcb-xkb1"
)

# What the GUI acceptance tests (tests/gui) drive the real window with: program -> package.
_GUI_TEST_TOOLS=(
  "Xvfb xvfb"
  "xdotool xdotool"
  "openbox openbox"
)

_missing_debian_packages() {
  local profile=$1 entry lib pkg known
  local -a wanted=("${_QT_OFFSCREEN_LIBS[@]}" "${_QT_XCB_LIBS[@]}")
  known=$(ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true)
  for entry in "${wanted[@]}"; do
    lib=${entry% *}
    pkg=${entry#* }
    grep -qF "$lib " <<<"$known" || printf '%s\n' "$pkg"
  done
  if [ "$profile" = dev ]; then
    for entry in "${_GUI_TEST_TOOLS[@]}"; do
      command -v "${entry% *}" >/dev/null 2>&1 || printf '%s\n' "${entry#* }"
    done
  fi
  # A font that has ä ö ü ß and €; without one every label is a row of boxes.
  if [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] \
    && [ -z "$(find /usr/share/fonts /usr/local/share/fonts -name '*.ttf' -print -quit 2>/dev/null)" ]; then
    printf '%s\n' fonts-dejavu-core
  fi
}

_ensure_system_packages() {
  local profile=$1 python=$2
  [ "${CASHIER_SKIP_SYSTEM_PACKAGES:-0}" = 1 ] && return 0
  command -v dpkg >/dev/null 2>&1 || return 0   # not Debian/Ubuntu: see the README
  local -a missing
  mapfile -t missing < <(_missing_debian_packages "$profile")
  # Debian's python3 needs the venv package before `python3 -m venv` works.
  if [ ! -x "$CASHIER_VENV/bin/python" ] && ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
    missing+=("python$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')-venv")
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    _say "missing system packages: ${missing[*]}"
    _say "install them with: sudo apt-get install --no-install-recommends ${missing[*]}"
    return 0
  fi
  _say "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

_find_python() {
  local candidate
  for candidate in "${CASHIER_PYTHON:-}" python3 python3.13 python3.12 python3.11; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys; raise SystemExit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  _say "Python 3.11 or newer is needed (set CASHIER_PYTHON to its path)."
  return 1
}

_stamp_of() {
  # Everything that decides what the venv must contain.
  local profile=$1
  {
    "$CASHIER_VENV/bin/python" -c 'import sys; print(sys.version)'
    cat "$CASHIER_ROOT/requirements/runtime.txt"
    [ "$profile" = dev ] && cat "$CASHIER_ROOT/requirements/dev.txt"
    cat "$CASHIER_ROOT/pyproject.toml"
  } | sha256sum | cut -d' ' -f1
}

cashier_bootstrap() {
  local profile=${1:-runtime} python stamp_file wanted
  python=$(_find_python) || return 1
  _ensure_system_packages "$profile" "$python"
  if [ ! -x "$CASHIER_VENV/bin/python" ]; then
    _say "creating the virtual environment in $CASHIER_VENV"
    "$python" -m venv "$CASHIER_VENV"
  fi
  wanted=$(_stamp_of "$profile")
  stamp_file="$CASHIER_VENV/.cashier-$profile.sha256"
  # A dev venv holds everything the runtime needs.
  if [ "$(cat "$stamp_file" 2>/dev/null)" = "$wanted" ] \
    || { [ "$profile" = runtime ] && [ "$(cat "$CASHIER_VENV/.cashier-dev.sha256" 2>/dev/null)" = "$(_stamp_of dev)" ]; }; then
    return 0
  fi
  _say "installing the pinned packages ($profile)"
  "$CASHIER_VENV/bin/python" -m pip install -qq --disable-pip-version-check \
    -r "$CASHIER_ROOT/requirements/$profile.txt" >&2
  "$CASHIER_VENV/bin/python" -m pip install -qq --disable-pip-version-check \
    --no-deps --no-build-isolation --editable "$CASHIER_ROOT" >&2
  printf '%s\n' "$wanted" >"$stamp_file"
}
