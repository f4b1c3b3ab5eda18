#!/usr/bin/env bash
# Builds the site from input/ into output/. Installs the pinned .NET SDK first when `dotnet` is
# missing (Netlify's build image has none). Extra arguments go to the build command.
set -euo pipefail
cd "$(dirname "$0")"
DOTNET_VERSION_CHANNEL="10.0"
if ! command -v dotnet >/dev/null 2>&1; then
  install_dir="${DOTNET_INSTALL_DIR:-$HOME/.dotnet}"
  if [ ! -x "$install_dir/dotnet" ]; then
    script="${DOTNET_INSTALL_SCRIPT:-}"
    if [ -z "$script" ]; then
      echo "dotnet is missing and DOTNET_INSTALL_SCRIPT is not set: install the .NET $DOTNET_VERSION_CHANNEL SDK (see README)." >&2
      exit 2
    fi
    bash "$script" --channel "$DOTNET_VERSION_CHANNEL" --install-dir "$install_dir"
  fi
  export PATH="$install_dir:$PATH"
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run -c Release --project src/ResearchSite -- build "$@"
