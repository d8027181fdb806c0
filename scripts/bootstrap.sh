# Shared by scripts/run and scripts/test: make .venv and install the project when missing or stale.
# Sourced, not run.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Python 3.11 or newer is required (install python3.11 and python3.11-venv)" >&2
  return 1
}

# ensure_venv EXTRAS: install the project (with e.g. "dev") into .venv when pyproject.toml changed
ensure_venv() {
  local extras="$1" python stamp want
  if [ ! -x "$VENV/bin/python" ]; then
    python="$(find_python)"
    echo "creating $VENV with $python" >&2
    "$python" -m venv "$VENV"
  fi
  stamp="$VENV/.installed-$extras"
  want="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "installing blocklist${extras:+[$extras]} into .venv" >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT${extras:+[$extras]}" >&2
    echo "$want" > "$stamp"
  fi
}

# ensure_debian_packages PKG...: apt-get install what is missing (as root, or through sudo)
ensure_debian_packages() {
  local missing=() pkg sudo=""
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "need root to install: ${missing[*]}" >&2; return 1; }
    sudo="sudo"
  fi
  echo "installing Debian packages: ${missing[*]}" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
