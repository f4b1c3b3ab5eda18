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

# The CLI is published once and reused until its sources or the way it is published change: in Netlify's cache
# folder there, in bin/ here. `dotnet run` would check the project with MSBuild and JIT the program on every build.
# Native AOT (machine code, trimmed: no JIT and no runtime to load at start, which at 1,000 studies is a good part of
# the build; README, Benchmark) needs a C compiler as its linker; without one, ReadyToRun (the JIT's work done
# ahead for most of the code). The native flags, this processor's level among them, are tools/native-publish-flags.sh's.
ready_to_run=(--self-contained false -p:PublishReadyToRun=true)
mapfile -t native < <(bash tools/native-publish-flags.sh)
if command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; then
  publish=("${native[@]}")
else
  echo "build.sh: no C compiler (clang or gcc) for Native AOT: publishing the CLI with ReadyToRun." >&2
  publish=("${ready_to_run[@]}")
fi
cli_root="${NETLIFY_CACHE_DIR:+$NETLIFY_CACHE_DIR/researchsite-cli}"
cli_root="${cli_root:-bin/researchsite-cli}"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 ;; Linux-aarch64) rid=linux-arm64 ;;
  Darwin-x86_64) rid=osx-x64 ;; Darwin-arm64) rid=osx-arm64 ;;
  *) rid="" ;;
esac
sources=$({ cat global.json Directory.Build.props; find src/ResearchSite \( -name bin -o -name obj \) -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; } | sha256sum)
key_of() { { echo "$*"; echo "$sources"; } | sha256sum | cut -c1-16; }
native_key=$(key_of "${native[@]}")
# Sets $cli to the CLI published with the given flags (the flags are part of its key); fails if the publish does.
published() {
  local key
  key=$(key_of "$@")
  cli="$cli_root/$key/ResearchSite"
  if [ ! -x "$cli" ]; then
    if [ -z "$rid" ]; then
      echo "build.sh: no published CLI for $(uname -s) $(uname -m); run: dotnet run -c Release --project src/ResearchSite -- build" >&2
      exit 2
    fi
    rm -rf "$cli_root/$key.tmp"
    dotnet publish src/ResearchSite -c Release -r "$rid" "$@" -o "$cli_root/$key.tmp" --nologo -v q || return 1
    mv "$cli_root/$key.tmp" "$cli_root/$key"
  fi
}
if [ "${publish[0]}" = "${native[0]}" ] && [ -e "$cli_root/$native_key.failed" ]; then
  echo "build.sh: the Native AOT publish of these sources failed before: using the CLI published with ReadyToRun." >&2
  publish=("${ready_to_run[@]}")
fi
if ! published "${publish[@]}"; then
  if [ "${publish[0]}" != "${native[0]}" ]; then
    exit 1
  fi
  # A compiler that cannot link (no binutils, too little memory for ILC: about 1.5 GB) should not stop the site.
  echo "build.sh: the Native AOT publish failed (above): publishing the CLI with ReadyToRun instead." >&2
  rm -rf "$cli_root/$native_key.tmp"
  mkdir -p "$cli_root"
  : > "$cli_root/$native_key.failed"
  published "${ready_to_run[@]}"
fi
# Only the CLI in use is kept, and the note that these sources' native publish failed (tried once, not at every build).
used="${cli%/*}"
find "$cli_root" -mindepth 1 -maxdepth 1 ! -name "${used##*/}" ! -name "$native_key.failed" -exec rm -rf {} +
exec "$cli" build "${args[@]}" "$@"
