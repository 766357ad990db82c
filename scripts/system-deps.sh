#!/usr/bin/env bash
# System packages the tests need: Debian's chromium and CJK fonts for the browser test (without the
# fonts every Chinese character renders as an empty box), and Debian's postgresql for the store's
# PostgreSQL suite and deploy/local.py (the tests start their own server; the package's own
# cluster is not used), and npm for axe-core, the browser tests' accessibility check (pinned in
# tests/e2e/package-lock.json). Installed only where missing and only as root with apt.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "noto.*cjk" || need+=(fonts-noto-cjk)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing ${need[*]} for the tests" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "note: ${need[*]} missing and cannot be installed here; the tests that need them say so" >&2
  fi
fi
e2e="$(cd "$(dirname "$0")/.." && pwd)/tests/e2e"
if [ ! -f "$e2e/node_modules/axe-core/axe.min.js" ] && command -v npm >/dev/null; then
  npm ci --prefix "$e2e" --no-audit --no-fund --silent
fi
