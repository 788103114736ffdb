#!/usr/bin/env bash
# Builds and runs the C STREAM-style control: ./bench/stream/run.sh [ELEMENTS] [RUNS] [THREADS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
gcc -O3 -march=native -fopenmp "$here/stream.c" -o "$here/stream"
OMP_NUM_THREADS=${3:-$(nproc)} OMP_PROC_BIND=close "$here/stream" "${1:-67108864}" "${2:-20}"
