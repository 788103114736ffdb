#!/usr/bin/env bash
# Makes bench/out/gpu/quiver-bench/: a jlinked JDK 25 runtime, the benchmark jar and run.sh, so that a machine
# with an NVIDIA GPU and no JDK can run quiver bench stream on its GPU and the OpenCL sanity check. Checks that
# the folder stays under 64 MiB (what a device session can carry) and, unless --no-check, runs run.sh here
# (on PoCL) with the jlinked runtime, small sizes.
#   bench/gpu/package.sh [--no-check]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$root/bench/out/gpu/quiver-bench"
limit_mib=64

source <(sed -n '/^jdk_major()/,/^}/p;/^find_jdk()/,/^}/p;/^die()/,/^}/p' "$root/quiver")
JAVA_HOME=$(find_jdk)

echo "package: building with $JAVA_HOME" >&2
"$root/quiver" build
jar="$root/bench/target/benchmarks.jar"

rm -rf "$out"
mkdir -p "$out/lib"
# The jar carries JNI libraries for every platform (zstd-jni, lz4-java, JOCL), and JMH; the GPU machines are Linux x86-64, and
# run.sh runs quiver devices, demo and bench stream: not the JMH benchmarks, not decompression (zstd-jni's and lz4-java's
# libraries, commons-compress's archivers and pack200), and no Maven metadata. The folder must stay under 64 MiB.
cp "$jar" "$out/lib/benchmarks.jar"
if command -v zip >/dev/null; then
    zip -q -d "$out/lib/benchmarks.jar" 'aix/*' 'darwin/*' 'freebsd/*' 'win/*' 'linux/aarch64/*' 'linux/arm/*' 'linux/i386/*' \
        'linux/loongarch64/*' 'linux/mips64/*' 'linux/ppc64/*' 'linux/ppc64le/*' 'linux/riscv64/*' 'linux/s390x/*' \
        'net/jpountz/util/darwin/*' 'net/jpountz/util/windows/*' 'net/jpountz/util/linux/aarch64/*' 'net/jpountz/util/linux/i386/*' \
        'net/jpountz/util/linux/ppc64le/*' 'net/jpountz/util/linux/riscv64/*' 'net/jpountz/util/linux/s390x/*' \
        'lib/JOCL_*-windows-*' 'lib/libJOCL_*-apple-*' 'lib/libJOCL_*-linux-arm64.so' \
        'org/openjdk/jmh/*' 'org/apache/commons/math3/*' 'joptsimple/*' '*/jmh_generated/*' 'META-INF/BenchmarkList' 'META-INF/CompilerHints' \
        'linux/amd64/libzstd-jni-*' 'net/jpountz/util/linux/amd64/*' 'org/apache/commons/compress/archivers/*' \
        'org/apache/commons/compress/harmony/*' 'META-INF/maven/*' \
        || [ $? -eq 12 ] # 12: some pattern matched nothing
fi

# The modules the jar needs, as jdeps reads them, and those reached only by name: the Vector API (given on the
# command line), jdk.management (the DiagnosticCommand MBean the simd backend uses to keep C1 off its loops)
# and jdk.unsupported (sun.misc.Unsafe, for libraries).
modules=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 "$out/lib/benchmarks.jar")
modules=$(echo "$modules,jdk.incubator.vector,java.management,jdk.management,jdk.unsupported" | tr , "\n" | sort -u | paste -sd,)
echo "package: modules $modules" >&2

"$JAVA_HOME/bin/jlink" --add-modules "$modules" --compress=zip-9 --strip-debug --no-header-files --no-man-pages \
    --output "$out/runtime"
# The native libraries' symbol tables are not needed to run (this saves about 5 MiB of libjvm.so).
if command -v strip >/dev/null; then
    find "$out/runtime" -name '*.so' -exec strip --strip-unneeded {} +
fi
# The OpenCL ICD loader (ocl-icd, 70 KiB, needing only libc): a container given the NVIDIA driver often has the driver's
# OpenCL library but no loader for JOCL to open; run.sh uses this one then.
loader=$(ldconfig -p 2>/dev/null | sed -n 's/.*libOpenCL\.so\.1 .*=> //p' | head -1)
if [ -n "$loader" ]; then
    mkdir -p "$out/lib/opencl"
    cp -L "$loader" "$out/lib/opencl/libOpenCL.so"
else
    echo "package: no libOpenCL.so.1 here to carry (apt-get install -y ocl-icd-libopencl1); run.sh will need the GPU machine's" >&2
fi
cp "$here/run.sh" "$out/run.sh"
chmod +x "$out/run.sh"
git -C "$root" log -1 --format='built from %H (%cd)' > "$out/VERSION" 2>/dev/null || echo "built from a source tree without git" > "$out/VERSION"
"$out/runtime/bin/java" -version 2>>"$out/VERSION"

size_kib=$(du -sk "$out" | cut -f1)
echo "package: $out is $((size_kib / 1024)) MiB ($size_kib KiB)" >&2
if [ "$size_kib" -ge $((limit_mib * 1024)) ]; then
    echo "package: the folder is over $limit_mib MiB" >&2
    exit 1
fi

if [ "${1:-}" != "--no-check" ]; then
    echo "package: checking run.sh here with the jlinked runtime (small sizes)" >&2
    OUT=$(mktemp -d) SIZES=1Mi,4Mi DEMO_SIZE=64Ki HOST_ELEMENTS=4194304 HEAP=2g "$out/run.sh" --quick
fi
