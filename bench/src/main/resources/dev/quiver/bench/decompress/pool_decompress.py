"""The classic Python way to decompress a batch on every core: ProcessPoolExecutor.map over the buffers.

    python3 pool_decompress.py FORMAT WORKERS FILE...

Reads the files, warms the pool up, decompresses the batch once and prints "ready BYTES CRC32" (the total
output and a CRC-32 over the outputs in order, for quiver bench to check), or "skip REASON" when this Python
cannot decompress FORMAT. Then for each line "run" on standard input it decompresses the whole batch again
and prints "time SECONDS BYTES"; "quit" or the end of input stops it.
"""
import sys
import time
import zlib
from concurrent.futures import ProcessPoolExecutor


def _zstd():
    try:
        from compression import zstd  # Python 3.14
        return zstd.decompress
    except ImportError:
        pass
    try:
        import zstandard
    except ImportError:
        return None
    return lambda data: zstandard.ZstdDecompressor().decompress(data)


def zstd_decompress(data):
    return _zstd()(data)


def decoder(fmt):
    if fmt == "bzip2":
        import bz2
        return bz2.decompress
    if fmt == "gzip":
        import gzip
        return gzip.decompress
    if fmt == "zstd":
        return zstd_decompress if _zstd() is not None else None
    return None


def main():
    fmt, workers, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    f = decoder(fmt)
    if f is None:
        print("skip this python3 has no %s module (zstd needs Python 3.14's compression.zstd or the zstandard package)" % fmt, flush=True)
        return
    bufs = []
    for name in files:
        with open(name, "rb") as fh:
            bufs.append(fh.read())
    with ProcessPoolExecutor(workers) as ex:
        list(ex.map(f, bufs[: 2 * workers], chunksize=1))
        crc = 0
        total = 0
        for out in ex.map(f, bufs, chunksize=1):
            crc = zlib.crc32(out, crc)
            total += len(out)
        print("ready %d %d" % (total, crc), flush=True)
        for line in sys.stdin:
            if line.strip() != "run":
                break
            t0 = time.perf_counter()
            outs = list(ex.map(f, bufs, chunksize=1))
            seconds = time.perf_counter() - t0
            print("time %.9f %d" % (seconds, sum(len(o) for o in outs)), flush=True)


if __name__ == "__main__":
    main()
