#!/usr/bin/env bash
# Builds the site from input/ into output/ for a host such as Netlify, whose build image has no .NET.
# When `dotnet` is missing it installs the SDK pinned in global.json with Microsoft's dotnet-install.sh
# into a cache folder kept between builds. On Netlify, production builds use base_url from site.yml;
# deploy previews and branch deploys use the deploy's own URL and include drafts.
# Extra arguments go to the build command.
set -euo pipefail
cd "$(dirname "$0")"

cache="${NETLIFY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}}"
install_dir="${DOTNET_INSTALL_DIR:-$cache/dotnet}"
if ! command -v dotnet >/dev/null 2>&1; then
  if [ ! -x "$install_dir/dotnet" ]; then
    script="${DOTNET_INSTALL_SCRIPT:-$cache/dotnet-install.sh}"
    if [ ! -f "$script" ]; then
      mkdir -p "$(dirname "$script")"
      curl -fsSL "${DOTNET_INSTALL_SCRIPT_URL:-https://dot.net/v1/dotnet-install.sh}" -o "$script"
    fi
    bash "$script" --jsonfile global.json --install-dir "$install_dir"
  fi
  export PATH="$install_dir:$PATH"
  export DOTNET_ROOT="$install_dir"
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

args=()
case "${CONTEXT:-}" in
  deploy-preview|branch-deploy)
    if [ -n "${DEPLOY_PRIME_URL:-}" ]; then args+=(--base-url "$DEPLOY_PRIME_URL"); fi
    args+=(--drafts)
    ;;
esac

# Figures' variants and social cards are kept in the same cache folder, so a build re-encodes only what changed.
args+=(--cache "$cache/researchsite-images")
# The search index (Pagefind) and the PDF edition (Typst) run on Node.js, pinned by package-lock.json.
if command -v npm >/dev/null 2>&1 && { [ ! -f node_modules/pagefind/package.json ] || [ ! -f node_modules/@myriaddreamin/typst-ts-node-compiler/package.json ]; }; then
  npm ci --no-audit --no-fund
fi

exec dotnet run -c Release --project src/ResearchSite -- build "${args[@]}" "$@"
