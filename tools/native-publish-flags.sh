#!/usr/bin/env bash
# Prints, one per line, the flags `dotnet publish` takes to publish the CLI with Native AOT for this machine.
# Used by build.sh and the benchmark, so that both publish it alike. Native AOT compiles for the oldest x64
# processors unless told otherwise, and .NET's vector code then falls back to its slow paths (searching text for
# a set of characters took some 12 % of a build's CPU that way). The CLI runs on the machine that publishes it, so
# where the processor has every instruction of x86-64-v3 (AVX2 and its companions, in every x64 server since 2013)
# it is compiled for that level. The flags are part of the published CLI's key in build.sh: a CLI taken to an
# older processor (a cache folder restored elsewhere) is published again, never run where it would stop.
# $1: the processor's description (default /proc/cpuinfo; the tests pass their own).
set -euo pipefail
echo "-p:PublishAot=true"
# Without debug symbols: their file would be twice the program's size, and a native program's stack trace names
# its methods without it.
echo "-p:DebugType=none"
cpuinfo="${1:-/proc/cpuinfo}"
if [ "$(uname -m)" != x86_64 ] || [ ! -r "$cpuinfo" ]; then
  exit 0
fi
flags=""
while IFS= read -r line; do
  case "$line" in
    flags*) flags=" ${line#*:} "; break ;;
  esac
done < "$cpuinfo"
# x86-64-v3 as the psABI defines it (v2's instructions, then v3's), by the names Linux gives them.
for flag in cx16 lahf_lm popcnt pni sse4_1 sse4_2 ssse3 avx avx2 bmi1 bmi2 f16c fma abm movbe xsave; do
  case "$flags" in
    *" $flag "*) ;;
    *) exit 0 ;;
  esac
done
echo "-p:IlcInstructionSet=x86-64-v3"
