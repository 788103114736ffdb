"""Python's side of bench/decompress/compare.sh: the classic ProcessPoolExecutor(bz2.decompress) workload.

    python3 bench/decompress/pool.py DIR SUFFIX [WORKERS] [RUNS]

Reads DIR/*.SUFFIX into memory, starts the pool, maps the codec's decompress over the buffers once to warm
up (the workers start and import), then RUNS times timed; prints the median seconds and the bytes produced.
"""
import bz2
import concurrent.futures
import gzip
import os
import statistics
import sys
import time

DECOMPRESS = {"bz2": bz2.decompress, "gz": gzip.decompress}


def main():
    folder, suffix = sys.argv[1], sys.argv[2]
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else os.cpu_count()
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    decompress = DECOMPRESS[suffix]
    names = sorted(n for n in os.listdir(folder) if n.endswith("." + suffix))
    bufs = []
    for n in names:
        with open(os.path.join(folder, n), "rb") as f:
            bufs.append(f.read())
    with concurrent.futures.ProcessPoolExecutor(workers) as ex:
        produced = sum(map(len, ex.map(decompress, bufs, chunksize=1)))
        seconds = []
        for _ in range(runs):
            t0 = time.perf_counter()
            out = list(ex.map(decompress, bufs, chunksize=1))
            seconds.append(time.perf_counter() - t0)
            assert sum(map(len, out)) == produced
    print(f"{statistics.median(seconds):.4f} {produced}")


if __name__ == "__main__":
    main()
