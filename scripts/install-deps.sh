#!/usr/bin/env bash
# Install the Debian 12 packages parley needs to build, test and fuzz.
# Idempotent: packages already installed are left alone, and apt-get runs
# (with one `apt-get update`) only when something is missing.  Run as root.
set -euo pipefail

pkgs=(
  build-essential   # gcc, make, libc headers; gcc's ASan/UBSan runtimes
  cmake
  pkg-config
  libfyaml-dev      # YAML/JSON scenario parsing and the YAML/JSON emitter
  libjansson-dev    # JSON reading in tests/tools (see README: "Why")
  libexpat1-dev     # GENIUS XML (planned)
  clang             # libFuzzer targets
  libclang-rt-14-dev
  python3           # golden-test helpers
)

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#pkgs[@]} packages already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run as root" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
