#!/usr/bin/env bash
# Installs what fusesim needs from Debian 12's packages, and only what is missing (idempotent).
set -euo pipefail
PKGS=(build-essential cmake pkg-config libsystemc-dev libboost-program-options-dev libgtest-dev
      libspdlog-dev nlohmann-json3-dev libtomlplusplus-dev python3 gtkwave python3-matplotlib time
      clang-format git clang verilator yosys libonnx-dev python3-onnx libprotobuf-dev
      pybind11-dev python3-dev libsqlite3-dev slurm-wlm munge parallel)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
