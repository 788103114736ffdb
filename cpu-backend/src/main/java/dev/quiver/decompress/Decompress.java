package dev.quiver.decompress;

import dev.quiver.ParallelMap;
import dev.quiver.tasks.Result;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Decompresses one item — a {@code byte[]}, a stream, or a file into a file — or a batch of them on a
 * {@link ParallelMap}'s threads ({@link #batch}, {@link #files}, {@link #unordered}). The codec is detected from the
 * item's magic number unless {@link Options#codec()} forces one; {@link Limits} bound what the item may
 * cost; every problem of the data is a {@link DecompressionException} saying which codec and what is wrong.
 *
 * <pre>{@code
 * byte[] text = Decompress.bytes(gzipped);                                   // detected, at most 256 MiB
 * Decompress.toFile(Path.of("a.zst"), Path.of("out/a"), Limits.forStreams(), Options.defaults());
 * WrittenFile w = Decompress.toDirectory(Path.of("logs.tar.xz"), Path.of("out"),    // out/logs.tar
 *         Limits.forStreams().withMaxOutputBytes(10L << 30), Options.defaults().withVerify(true));
 * List<Result<byte[], byte[]>> all = Decompress.batch(items);                // in input order, 1 GiB in all
 * List<Result<Path, WrittenFile>> done = Decompress.files(paths, Path.of("out"),
 *         BatchLimits.forFiles(), Options.defaults(), ParallelMap.auto().withThreads(4));
 * }</pre>
 *
 * <p>Empty input: with detection it is {@link DecompressionException.Kind#EMPTY} ("empty input, no codec
 * detected"), and with a forced codec too, as no format's data is empty (an empty file compressed has a
 * header at least). All methods are thread-safe: items share nothing, so a batch may run them in parallel.
 *
 * <p>Threads: a batch runs at most {@link ParallelMap#threads()} items at once, and lends the threads it
 * leaves idle (once fewer items are left than threads) to its items, on which a bzip2 item decodes its
 * blocks ahead; a single item decoded alone uses {@link Options#threads()}, by default the calling thread only.
 */
public final class Decompress {
    /** The most a {@code byte[]} can hold. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int COPY_BUFFER = 64 * 1024;

    private Decompress() {
    }

    /**
     * The decompressed bytes of {@code compressed}; nothing is read until the first {@code read}, which
     * detects the codec (or checks the forced one's magic number). Failures, and exceeded limits, are
     * thrown by {@code read} as {@link DecompressionException}s. Closing the stream closes {@code compressed},
     * and stops the threads beyond the caller's that {@link Options#threads()} allows, if any are decoding ahead.
     */
    public static InputStream open(InputStream compressed, Limits limits, Options options) {
        Objects.requireNonNull(options, "options");
        return open(compressed, limits, options, ownThreads(options));
    }

    private static InputStream open(InputStream compressed, Limits limits, Options options, SpareThreads spare) {
        return new DecodingStream(compressed, options.codec().orElse(null), limits, options.verify(), spare);
    }

    /** The threads one item decoded alone may borrow: {@link Options#threads()} besides the caller's. */
    private static SpareThreads ownThreads(Options options) {
        return SpareThreads.of(options.threads() - 1);
    }

    /** {@link #bytes(byte[], Limits, Options)} with {@link Limits#forBytes()} and {@link Options#defaults()}. */
    public static byte[] bytes(byte[] compressed) throws DecompressionException {
        return bytes(compressed, Limits.forBytes(), Options.defaults());
    }

    /** {@link #bytes(byte[], Limits, Options)} with {@link Options#defaults()}. */
    public static byte[] bytes(byte[] compressed, Limits limits) throws DecompressionException {
        return bytes(compressed, limits, Options.defaults());
    }

    /**
     * The decompressed bytes of {@code compressed}. The output is limited to what a {@code byte[]} holds
     * (2 GiB less 8 bytes) too, whatever {@code limits} says; the memory it takes is at most about twice
     * the output, while the result is assembled. {@link Options#overwrite()} plays no part.
     */
    public static byte[] bytes(byte[] compressed, Limits limits, Options options) throws DecompressionException {
        Objects.requireNonNull(options, "options");
        return decode(compressed, limits, options, null, ownThreads(options));
    }

    private static byte[] decode(byte[] compressed, Limits limits, Options options, BatchBudget budget, SpareThreads spare)
            throws DecompressionException {
        Objects.requireNonNull(compressed, "compressed");
        Objects.requireNonNull(options, "options");
        Limits inMemory = limits.maxOutputBytes() > MAX_ARRAY ? limits.withMaxOutputBytes(MAX_ARRAY) : limits;
        var source = new ByteArrayInputStream(compressed);
        InputStream decoding = new DecodingStream(source, options.codec().orElse(null), inMemory, options.verify(), spare, compressed.length);
        try (InputStream in = budget == null ? decoding : budget.metered(decoding)) {
            return in.readAllBytes();
        } catch (DecompressionException e) {
            throw e;
        } catch (IOException e) {
            // a ByteArrayInputStream does not fail, and every failure of the data is a DecompressionException
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decompresses the file {@code in} into the file {@code out}, which appears complete or not at all: the
     * output is written to a temporary file in {@code out}'s directory and moved into place when it is
     * complete; on any failure the temporary file is deleted and {@code out} is left as it was. An
     * existing {@code out} fails the call with {@link java.nio.file.FileAlreadyExistsException} unless
     * {@link Options#overwrite()}. Problems of the data are {@link DecompressionException}s whose message
     * starts with {@code in}.
     *
     * @return the number of decompressed bytes written
     */
    public static long toFile(Path in, Path out, Limits limits, Options options) throws IOException {
        Objects.requireNonNull(options, "options");
        return toFile(in, out, limits, options, null, ownThreads(options));
    }

    private static long toFile(Path in, Path out, Limits limits, Options options, BatchBudget budget, SpareThreads spare) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(options, "options");
        try {
            return AtomicFile.write(out, options.overwrite(), sink -> {
                InputStream opened = open(Files.newInputStream(in), limits, options, spare);
                try (InputStream decoded = budget == null ? opened : budget.metered(opened)) {
                    return copy(decoded, sink);
                }
            });
        } catch (DecompressionException e) {
            throw e.forItem(in.toString());
        }
    }

    /**
     * Decompresses the file {@code in} into {@code outDir}, under its name without the codec's suffix
     * ({@link Codec#outputName}: {@code a.tgz} becomes {@code a.tar}), as {@link #toFile} does. The codec is
     * detected first, from the file's first bytes, unless forced.
     */
    public static WrittenFile toDirectory(Path in, Path outDir, Limits limits, Options options) throws IOException {
        Objects.requireNonNull(options, "options");
        return toDirectory(in, outDir, limits, options, null, ownThreads(options));
    }

    private static WrittenFile toDirectory(Path in, Path outDir, Limits limits, Options options, BatchBudget budget, SpareThreads spare)
            throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(options, "options");
        Codec codec = options.codec().isPresent() ? options.codec().get() : detect(in);
        Path out = outDir.resolve(codec.outputName(in.getFileName().toString()));
        long written = toFile(in, out, limits, options.withCodec(codec), budget, spare);
        return new WrittenFile(in, out, codec, Files.size(in), written);
    }

    /**
     * {@link #batch(List, BatchLimits, Options, ParallelMap)} with {@link BatchLimits#forBytes()} (256 MiB per
     * item, 1 GiB in all), {@link Options#defaults()} and {@link ParallelMap#auto()} (every core).
     */
    public static List<Result<byte[], byte[]>> batch(List<byte[]> items) {
        return batch(items, BatchLimits.forBytes(), Options.defaults(), ParallelMap.auto());
    }

    /**
     * Decompresses every item on {@code map}'s threads, as {@link #bytes(byte[], Limits, Options)} does, and
     * returns one {@link Result} per item in input order: {@link Result.Success} with the bytes, or
     * {@link Result.Failure} whose {@code error()} is the {@link DecompressionException} (or, for a
     * failure not of the data, such as an {@link OutOfMemoryError}, what was thrown), its message starting
     * with {@code "item INDEX: "}. One bad item never stops the others; past
     * {@link BatchLimits#maxTotalOutputBytes()} the unfinished items fail with
     * {@link DecompressionException.Kind#BATCH_LIMIT}. Every result is held at once: the total limit bounds them.
     * ({@link Result.Failure#describe()} shows a {@code byte[]} item as Java prints arrays; use {@code error().getMessage()}.)
     *
     * @throws NullPointerException if {@code items}, an item or another argument is null
     */
    public static List<Result<byte[], byte[]>> batch(List<byte[]> items, BatchLimits limits, Options options, ParallelMap map) {
        List<Result<Integer, byte[]>> results = map.mapResults(indices(items), inMemory(items, limits, options, map));
        return results.stream().map(r -> withItem(r, items)).toList();
    }

    /**
     * As {@link #batch(List, BatchLimits, Options, ParallelMap)}, each result delivered as soon as its item
     * is done (built on {@link ParallelMap#mapUnordered}): the caller can hand each item's bytes on and drop
     * them, rather than hold all. The batch runs in the background; close the stream (try-with-resources)
     * to cancel what has not finished if you stop reading early.
     */
    public static Stream<Result<byte[], byte[]>> unordered(List<byte[]> items, BatchLimits limits, Options options, ParallelMap map) {
        Stream<Result<Integer, byte[]>> results = map.mapUnordered(indices(items), inMemory(items, limits, options, map));
        return results.map(r -> withItem(r, items));
    }

    /**
     * {@link #files(List, Path, BatchLimits, Options, ParallelMap)} with {@link BatchLimits#forFiles()} (1 GiB
     * per file, 4 GiB in all), {@link Options#defaults()} (detected codecs, existing outputs kept) and
     * {@link ParallelMap#auto()}.
     */
    public static List<Result<Path, WrittenFile>> files(List<Path> inputs, Path outDir) {
        return files(inputs, outDir, BatchLimits.forFiles(), Options.defaults(), ParallelMap.auto());
    }

    /**
     * Decompresses every file into {@code outDir}, as {@link #toDirectory} does, on {@code map}'s threads, and
     * returns one {@link Result} per file in input order: {@link Result.Success} with the {@link WrittenFile},
     * or {@link Result.Failure} whose {@code error()} is what {@link #toDirectory} threw, its message naming
     * the file: a {@link DecompressionException} for the data (or {@link DecompressionException.Kind#BATCH_LIMIT}),
     * {@link java.nio.file.NoSuchFileException}, {@link java.nio.file.FileAlreadyExistsException} for an
     * existing output without {@link Options#overwrite()}, and other {@link IOException}s. Files stream
     * through a 64 KiB buffer each, so memory does not grow with their sizes or number; a failed file
     * leaves no output. {@code outDir} must exist.
     *
     * @throws NullPointerException if {@code inputs}, an input or another argument is null
     */
    public static List<Result<Path, WrittenFile>> files(List<Path> inputs, Path outDir, BatchLimits limits, Options options, ParallelMap map) {
        Objects.requireNonNull(outDir, "outDir");
        return map.mapResults(checked(inputs), intoDirectory(in -> outDir, limits, options, map, inputs.size()));
    }

    /**
     * As {@link #files(List, Path, BatchLimits, Options, ParallelMap)}, each result delivered as soon as its
     * file is done, for progress reports. Close the stream (try-with-resources) to cancel what has not finished.
     */
    public static Stream<Result<Path, WrittenFile>> unordered(List<Path> inputs, Path outDir, BatchLimits limits, Options options, ParallelMap map) {
        Objects.requireNonNull(outDir, "outDir");
        return map.mapUnordered(checked(inputs), intoDirectory(in -> outDir, limits, options, map, inputs.size()));
    }

    /**
     * As {@link #unordered(List, Path, BatchLimits, Options, ParallelMap)}, each file's output going into the
     * directory {@code outDirOf} names for it (created if missing), such as one that keeps the input's
     * place in a tree: {@code in -> out.resolve(root.relativize(in).getParent())}.
     */
    public static Stream<Result<Path, WrittenFile>> unordered(List<Path> inputs, Function<? super Path, Path> outDirOf, BatchLimits limits,
            Options options, ParallelMap map) {
        Objects.requireNonNull(outDirOf, "outDirOf");
        return map.mapUnordered(checked(inputs), intoDirectory(in -> {
            Path dir = outDirOf.apply(in);
            Files.createDirectories(dir);
            return dir;
        }, limits, options, map, inputs.size()));
    }

    private static <T> List<T> checked(List<T> items) {
        Objects.requireNonNull(items, "items");
        for (int i = 0; i < items.size(); i++) {
            Objects.requireNonNull(items.get(i), "item " + i);
        }
        return items;
    }

    /**
     * Items are run by index, so that a failure names its item's position (arrays print nothing useful).
     * Each item may borrow the threads the batch leaves idle ({@link SpareThreads#forBatch}); {@link Options#threads()} plays no part.
     */
    private static Function<Integer, byte[]> inMemory(List<byte[]> items, BatchLimits limits, Options options, ParallelMap map) {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(options, "options");
        var budget = new BatchBudget(limits.maxTotalOutputBytes());
        SpareThreads spare = SpareThreads.forBatch(map.threads(), items.size());
        return index -> {
            try {
                budget.checkStart();
                return decode(items.get(index), limits.item(), options, budget, spare);
            } catch (DecompressionException e) {
                throw sneaky(e.forItem("item " + index));
            } finally {
                spare.finished();
            }
        };
    }

    private static List<Integer> indices(List<byte[]> items) {
        return IntStream.range(0, checked(items).size()).boxed().toList();
    }

    private static Result<byte[], byte[]> withItem(Result<Integer, byte[]> r, List<byte[]> items) {
        return switch (r) {
            case Result.Success<Integer, byte[]> s -> new Result.Success<>(s.index(), items.get(s.index()), s.value(), s.attempts());
            case Result.Failure<Integer, byte[]> f -> new Result.Failure<>(f.index(), items.get(f.index()), f.error(), f.attempts());
            case Result.Skipped<Integer, byte[]> k -> new Result.Skipped<>(k.index(), items.get(k.index()));
        };
    }

    /** Where a file's output goes; may create it. */
    @FunctionalInterface
    private interface OutDir {
        Path of(Path input) throws IOException;
    }

    private static Function<Path, WrittenFile> intoDirectory(OutDir outDir, BatchLimits limits, Options options, ParallelMap map, int items) {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(options, "options");
        var budget = new BatchBudget(limits.maxTotalOutputBytes());
        SpareThreads spare = SpareThreads.forBatch(map.threads(), items);
        return in -> {
            try {
                try {
                    budget.checkStart();
                } catch (DecompressionException e) {
                    throw e.forItem(in.toString());
                }
                return toDirectory(in, outDir.of(in), limits.item(), options, budget, spare);
            } catch (IOException e) {
                throw sneaky(e);
            } finally {
                spare.finished();
            }
        };
    }

    /**
     * Rethrows a checked exception unchanged, so that a batch's {@link Result.Failure} holds the
     * {@link DecompressionException} itself rather than a wrapper.
     */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }

    private static Codec detect(Path in) throws IOException {
        byte[] head;
        try (InputStream s = Files.newInputStream(in)) {
            head = s.readNBytes(Magic.HEAD_BYTES);
        }
        try {
            return Magic.require(head, head.length);
        } catch (DecompressionException e) {
            throw e.forItem(in.toString());
        }
    }

    private static long copy(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        long total = 0;
        for (int n; (n = from.read(buffer)) >= 0; ) {
            to.write(buffer, 0, n);
            total += n;
        }
        return total;
    }
}
