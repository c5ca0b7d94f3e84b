#!/usr/bin/env bash
# Installs what Vigie needs beyond npm (Debian packages) when run as root, or says exactly what to install.
# Usage: bin/ensure-system-deps.sh [chromium] [redis-server]   (default: both)
# With chromium comes a colour emoji font: evidence screenshots of listings written in emoji codes
# (🍁 ❄️ 🔌) would otherwise show empty boxes. The font is optional: missing, it is only a warning.
set -euo pipefail
wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(chromium redis-server)
missing=()
optional=()
for pkg in "${wanted[@]}"; do
  case "$pkg" in
    chromium)
      [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
      [ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || optional+=(fonts-noto-color-emoji) ;;
    redis-server) command -v redis-server >/dev/null 2>&1 || missing+=(redis-server) ;;
    *) echo "ensure-system-deps: unknown package $pkg" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} ${optional[*]} (apt-get)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
  [ ${#optional[@]} -eq 0 ] || apt-get install -y -qq "${optional[@]}" >&2 ||
    echo "(could not install ${optional[*]}: emoji will show as boxes in screenshots)" >&2
elif [ ${#missing[@]} -eq 0 ]; then
  echo "Optional: sudo apt-get install -y ${optional[*]} (emoji in evidence screenshots)" >&2
else
  echo "Vigie needs: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
