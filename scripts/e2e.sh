#!/usr/bin/env bash
# `npm run test:e2e` (after `npm run build`): the integration suite in a real VS Code extension host, headless,
# against the packaged VSIX (E2E_FROM_SOURCE=1 tests the folder instead).
# Installs what is missing (Debian packages, code-server from npm), runs `npm run test:integration` against
# code-server + Chromium, and ends with one line "e2e: N passed, M failed". Exit status: 0 only if all passed.
set -uo pipefail
cd "$(dirname "$0")/.."

CS_VERSION="${CODE_SERVER_VERSION:-4.100.3}"   # VS Code 1.100.3 on Node 20 (see scripts/install-code-server.sh)
CS_DIR=".vscode-test/code-server-$CS_VERSION"
# One results file per run (runs may overlap on a shared machine); the last one is kept as results.json.
RESULTS="$PWD/.vscode-test/results.$$.json"

# --- system packages: chromium drives the workbench; the rest only build code-server's native modules.
missing=()
for pkg in chromium libkrb5-dev ripgrep build-essential python3; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "e2e: apt packages needed: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}" \
    || { echo "e2e: could not install ${missing[*]}"; echo "e2e: 0 passed, 1 failed"; exit 1; }
fi

# --- code-server (skipped when present; the script itself checks too).
if [ ! -x "$CS_DIR/node_modules/.bin/code-server" ]; then
  echo "e2e: installing code-server $CS_VERSION into $CS_DIR"
  CODE_SERVER_VERSION="$CS_VERSION" bash scripts/install-code-server.sh "$CS_DIR" \
    || { echo "e2e: code-server install failed"; echo "e2e: 0 passed, 1 failed"; exit 1; }
fi

export CODE_SERVER="$PWD/$CS_DIR/node_modules/.bin/code-server"
export EXT_TEST_RESULTS="$RESULTS"

# --- what is tested: the packaged VSIX (what users install), or this folder with E2E_FROM_SOURCE=1.
if [ -z "${E2E_FROM_SOURCE:-}" ]; then
  npm run --silent package >/dev/null 2>&1 || { echo "e2e: npm run package failed"; echo "e2e: 0 passed, 1 failed"; exit 1; }
  export SURFACE_REVIEW_VSIX="$PWD/dist/surface-review.vsix"
  echo "e2e: testing the packaged extension $(basename "$SURFACE_REVIEW_VSIX") ($(du -k "$SURFACE_REVIEW_VSIX" | cut -f1) KB)"
else
  unset SURFACE_REVIEW_VSIX
  echo "e2e: testing the extension folder (E2E_FROM_SOURCE=1)"
fi
rm -f "$RESULTS"

# --- the HTML report in Chromium (no VS Code needed).
if ! node scripts/run-node-tests.mjs test/browser; then
  echo "e2e: the browser tests failed"; echo "e2e: 0 passed, 1 failed"; exit 1
fi

started=$(date +%s)
timeout 900 npm run test:integration
rc=$?
elapsed=$(( $(date +%s) - started ))

# --- summary from the suite's results file (written by test/integration/suite/index.js).
summary=$(node -e '
  const fs = require("fs");
  let r;
  try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch { console.log("none"); process.exit(0); }
  for (const t of r.tests || []) if (t.state === "failed") console.error(`e2e: FAILED ${t.title}`);
  if (r.error) console.error(`e2e: suite error: ${r.error.split("\n")[0]}`);
  console.log(`${r.passed || 0} ${r.failed || 0}`);
' "$RESULTS")
if [ "$summary" = "none" ]; then
  echo "e2e: no results in $RESULTS: the run exited with code $rc before the suite finished (see the log above)"
  passed=0; failed=1
else
  read -r passed failed <<<"$summary"
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "e2e: the run exited with code $rc although the suite reported no failure"
    failed=1
  fi
fi
[ -f "$RESULTS" ] && mv -f "$RESULTS" "$PWD/.vscode-test/results.json"
echo "e2e: took ${elapsed}s"
echo "e2e: $passed passed, $failed failed"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
