#!/usr/bin/env bash
# Runs on a machine with no JDK, from the folder bench/gpu/package.sh made: the OpenCL sanity check (every
# built-in kernel on the device against the reference interpreter, through quiver demo), then quiver bench
# stream on simd and the GPU (opencl:gpu; on a machine without one, the first OpenCL device, so that this can
# be tried on PoCL), then calls on host data with their copies and auto()'s verdicts (HostCalls). Results go to $OUT (default: ./results beside this script).
#   ./run.sh [EXTRA quiver bench stream OPTIONS]
#   environment: OUT, BACKENDS (default simd,opencl:gpu), SIZES (default 1Mi,16Mi,64Mi,256Mi), HEAP (default 24g),
#                DEMO_SIZE (default 16Mi), HOST_ELEMENTS (default 64 Mi), STEPS (default sanity,stream,host), OPENCL_DRIVER (an OpenCL driver library to load when /etc/OpenCL/vendors names none)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
java="$here/runtime/bin/java"
jar="$here/lib/benchmarks.jar"
out=${OUT:-$here/results}
mkdir -p "$out"
flags=(--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED "-Xmx${HEAP:-24g}")
# The JDK's signal chaining, as the quiver launcher does: an OpenCL driver built on LLVM (PoCL) otherwise puts
# its own SIGSEGV handler over the JVM's (gpu-backend's SignalHandlers).
[ -f "$here/runtime/lib/libjsig.so" ] && export LD_PRELOAD="$here/runtime/lib/libjsig.so${LD_PRELOAD:+:$LD_PRELOAD}"

{
    echo "== machine"; uname -a; nproc; free -g 2>/dev/null | head -2
    command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.memory --format=csv
    echo "== OpenCL"; ldconfig -p 2>/dev/null | grep -i 'libOpenCL' || echo "no libOpenCL in ldconfig's cache"
    { ls -l /etc/OpenCL/vendors && cat /etc/OpenCL/vendors/*.icd && echo; } 2>/dev/null || echo "no /etc/OpenCL/vendors"
    echo "== NVIDIA driver and CUDA libraries (for a CUDA path if OpenCL is missing)"
    ldconfig -p 2>/dev/null | grep -E 'libcuda\.so|libnvidia-opencl|libnvrtc|libnvidia-ptxjitcompiler' || echo "none in ldconfig's cache"
    ls -d /usr/local/nvidia/lib* /usr/local/cuda*/lib64 2>/dev/null && ls /usr/local/nvidia/lib*/ /usr/local/cuda*/lib64/ 2>/dev/null \
        | grep -E 'libcuda|libnvidia-opencl|libnvrtc' | sort -u
} > "$out/machine.txt" 2>&1
cat "$out/machine.txt"

# JOCL opens libOpenCL.so, the ICD loader, which loads the drivers /etc/OpenCL/vendors names. A machine may have only
# the loader's libOpenCL.so.1 (no -dev package): link to it. One with no loader at all uses the one package.sh carried.
if ! ldconfig -p 2>/dev/null | grep -q 'libOpenCL\.so '; then
    one=$(ldconfig -p 2>/dev/null | sed -n 's/.*libOpenCL\.so\.1 .*=> //p' | head -1)
    mkdir -p "$out/lib-opencl"
    if [ -n "$one" ]; then
        ln -sf "$one" "$out/lib-opencl/libOpenCL.so"
        echo "run: linked $out/lib-opencl/libOpenCL.so to $one"
    elif [ -f "$here/lib/opencl/libOpenCL.so" ]; then
        cp "$here/lib/opencl/libOpenCL.so" "$out/lib-opencl/libOpenCL.so"
        echo "run: no OpenCL ICD loader here; using the one carried (ocl-icd)"
    fi
    export LD_LIBRARY_PATH="$out/lib-opencl${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
# A container given the NVIDIA driver has its OpenCL driver (libnvidia-opencl.so.1) but often no vendors file naming it:
# write one and point the loader at it. OPENCL_DRIVER=PATH names another driver library.
driver=${OPENCL_DRIVER:-}
if [ -z "$driver" ] && ! ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1; then
    driver=$(ldconfig -p 2>/dev/null | sed -n 's/.*libnvidia-opencl\.so\.1 .*=> //p' | head -1)
    [ -z "$driver" ] && driver=$(ls /usr/local/nvidia/lib64/libnvidia-opencl.so.1 /usr/lib/x86_64-linux-gnu/libnvidia-opencl.so.1 \
        /usr/lib64/libnvidia-opencl.so.1 2>/dev/null | head -1)
fi
if [ -n "$driver" ]; then
    mkdir -p "$out/vendors"
    echo "$driver" > "$out/vendors/driver.icd"
    export OCL_ICD_VENDORS="$out/vendors"
    echo "run: OpenCL driver $driver, through OCL_ICD_VENDORS=$OCL_ICD_VENDORS"
fi

"$java" "${flags[@]}" -cp "$jar" dev.quiver.cli.Quiver devices 2>&1 | tee "$out/devices.txt"
if grep -Eq 'opencl:[0-9]+ GPU' "$out/devices.txt"; then
    device=opencl:gpu
else
    device=opencl
    echo "run: no OpenCL GPU here, so the device rows run on $device (the first OpenCL device)"
fi
backends=${BACKENDS:-simd,$device}

status=0
# STEPS picks what runs (default all three), so that a device session held to 10 minutes a command can split the work.
steps=",${STEPS:-sanity,stream,host},"
if [[ $steps == *,sanity,* ]]; then
    echo "== sanity: every built-in kernel on $device against the reference"
    "$java" "${flags[@]}" -cp "$jar" dev.quiver.cli.Quiver demo --backends "$device" --size "${DEMO_SIZE:-16Mi}" --runs 3 \
        --image-size 1024x768 --out-dir "$out/demo" 2>&1 | tee "$out/demo.txt"
    [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "run: the sanity check FAILED (see $out/demo.txt)"; status=1; }
fi
if [[ $steps == *,stream,* ]]; then
    echo "== quiver bench stream --backends $backends"
    "$java" "${flags[@]}" -cp "$jar" dev.quiver.bench.run.Bench stream --backends "$backends" --sizes "${SIZES:-1Mi,16Mi,64Mi,256Mi}" \
        --csv "$out/stream.csv" --json "$out/stream.json" --chart "$out/stream.svg" --html "$out/stream-html" --no-progress "$@" 2>&1 \
        | tee "$out/stream.txt"
    [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "run: quiver bench stream FAILED or found an invalid result (see $out/stream.txt)"; status=1; }
fi
if [[ $steps == *,host,* ]]; then
    echo "== host calls: square from Java arrays and native segments (copies included), dot on the device, auto()'s verdicts"
    "$java" "${flags[@]}" -cp "$jar" dev.quiver.bench.HostCalls "${HOST_ELEMENTS:-67108864}" "simd,$device" 2>&1 | tee "$out/host-calls.txt"
    [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "run: HostCalls FAILED (see $out/host-calls.txt)"; status=1; }
fi
echo "run: results in $out"
exit $status
