#!/usr/bin/env bash
# Runs every test. Installs what the tests need when it is missing (Debian's chromium for the
# browser tests, poppler-utils and qpdf for the PDF tests), then runs `dotnet test` and prints the closing line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing chromium (Debian package) for the browser tests..."
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-core >/dev/null
fi

if ! command -v java >/dev/null 2>&1; then
  echo "Installing a Java runtime (Debian package) for the W3C HTML checker..."
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq default-jre-headless >/dev/null
fi

if ! command -v pdftotext >/dev/null 2>&1 || ! command -v qpdf >/dev/null 2>&1; then
  echo "Installing poppler-utils and qpdf (Debian packages) for the PDF tests..."
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq poppler-utils qpdf >/dev/null
fi

# The W3C HTML checker (vnu-jar) and the Typst compiler of the PDFs, pinned by package-lock.json.
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -f node_modules/@myriaddreamin/typst-ts-node-compiler/package.json ]; then
  npm ci --no-audit --no-fund
fi

results="$(pwd)/test-results"
rm -rf "$results"
mkdir -p "$results"
set +e
dotnet test ResearchSite.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?
set -e

trx=$(find "$results" -name '*.trx' | head -n 1)
if [ -z "$trx" ]; then
  echo "0 passed, 1 failed"
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx")
get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
passed=$(get passed); failed=$(get failed); total=$(get total); executed=$(get executed)
skipped=$(( total - executed ))
echo "Screenshots and test output: $results"
if [ "$skipped" -gt 0 ]; then
  echo "${passed} passed, ${failed} failed, ${skipped} skipped"
else
  echo "${passed} passed, ${failed} failed"
fi
exit $status
