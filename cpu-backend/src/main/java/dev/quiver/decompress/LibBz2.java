package dev.quiver.decompress;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The system's libbz2 (libbzip2 1.0.x, the library of the {@code bzip2} tool), bound through the FFM API:
 * its three decompression calls and its {@code bz_stream}. It decodes about 1.5 times as fast as
 * commons-compress, so {@link Codec#BZIP2} uses it wherever it loads; {@link #system()} says whether it
 * does, and the reason it does not is logged once. The system property {@value #PROPERTY}{@code =false}
 * forbids it, so that the commons-compress path can be run (and tested) on any machine.
 *
 * <p>libbz2 reports a CRC mismatch and malformed data both as {@code BZ_DATA_ERROR}; which one it was is
 * told by the decoder's own state, the {@code state} field that follows the back pointer at the start of
 * its private {@code DState} (bzlib_private.h, unchanged since 1.0). That layout is checked when the
 * library loads, on a stream decoded then; a library laid out otherwise (a reimplementation, say) is not
 * used, so that every error keeps its kind. Thread-safe: the bindings are stateless.
 */
final class LibBz2 {
    /** The system property that forbids libbz2 when {@code false}. */
    static final String PROPERTY = "quiver.bzip2.native";

    static final int BZ_OK = 0;
    static final int BZ_STREAM_END = 4;
    static final int BZ_MEM_ERROR = -3;
    static final int BZ_DATA_ERROR = -4;
    static final int BZ_DATA_ERROR_MAGIC = -5;

    /** Values of the decoder's {@code state}: between streams, writing a block out, reading a stream's header. */
    static final int BZ_X_IDLE = 1;
    static final int BZ_X_OUTPUT = 2;
    static final int BZ_X_MAGIC_1 = 10;

    /** {@code bz_stream} of bzlib.h, for 64-bit pointers: 80 bytes. */
    static final StructLayout BZ_STREAM = MemoryLayout.structLayout(
            ADDRESS.withName("next_in"), JAVA_INT.withName("avail_in"), JAVA_INT.withName("total_in_lo32"), JAVA_INT.withName("total_in_hi32"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("next_out"), JAVA_INT.withName("avail_out"), JAVA_INT.withName("total_out_lo32"), JAVA_INT.withName("total_out_hi32"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("state"), ADDRESS.withName("bzalloc"), ADDRESS.withName("bzfree"), ADDRESS.withName("opaque"));
    static final long NEXT_IN = offset("next_in");
    static final long AVAIL_IN = offset("avail_in");
    static final long NEXT_OUT = offset("next_out");
    static final long AVAIL_OUT = offset("avail_out");
    private static final long STATE = offset("state");

    /** The names it goes by: Debian's and Ubuntu's soname, then others'. */
    private static final List<String> NAMES = List.of("libbz2.so.1.0", "libbz2.so.1", System.mapLibraryName("bz2"), "libbz2.1.0.dylib");

    /** {@code printf 'quiver\n' | bzip2 -9}: decoded when the library loads, to check the layout of its state. */
    private static final byte[] PROBE = {0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 0x46, 0x7e, 0x11, (byte) 0xdc, 0x00, 0x00,
            0x01, (byte) 0xc1, (byte) 0x80, 0x00, 0x10, 0x02, 0x20, 0x33, 0x00, 0x20, 0x00, 0x31, 0x0c, 0x01, 0x0d, 0x31,
            (byte) 0xa9, 0x01, (byte) 0xc0, (byte) 0xf1, 0x77, 0x24, 0x53, (byte) 0x85, 0x09, 0x04, 0x67, (byte) 0xe1, 0x1d, (byte) 0xc0};
    private static final String PROBE_TEXT = "quiver\n";

    private final String name;
    private final MethodHandle init;
    private final MethodHandle decompress;
    private final MethodHandle end;

    /** What loading came to: the library, or why there is none. */
    record Loading(Optional<LibBz2> library, String whyNot) {
    }

    private static final class SystemLibrary {
        static final Loading LOADING = log(load(!"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").strip())));

        private static Loading log(Loading loading) {
            var logger = System.getLogger("dev.quiver");
            if (loading.library().isPresent()) {
                logger.log(System.Logger.Level.DEBUG, "bzip2: decoding with " + loading.library().get().name());
            } else {
                logger.log(System.Logger.Level.INFO, "bzip2: decoding with commons-compress, which is slower than libbz2: "
                        + loading.whyNot());
            }
            return loading;
        }
    }

    private LibBz2(String name, SymbolLookup lookup) {
        this.name = name;
        Linker linker = Linker.nativeLinker();
        init = linker.downcallHandle(lookup.findOrThrow("BZ2_bzDecompressInit"), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        decompress = linker.downcallHandle(lookup.findOrThrow("BZ2_bzDecompress"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        end = linker.downcallHandle(lookup.findOrThrow("BZ2_bzDecompressEnd"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /** This JVM's libbz2, loaded at the first call; empty where it is forbidden or cannot be used ({@link #whyNot()}). */
    static Optional<LibBz2> system() {
        return SystemLibrary.LOADING.library();
    }

    /** Why {@link #system()} is empty; empty itself where it is not. */
    static String whyNot() {
        return SystemLibrary.LOADING.whyNot();
    }

    /** {@link #load(boolean, List)} of the names libbz2 goes by. */
    static Loading load(boolean allowed) {
        return load(allowed, NAMES);
    }

    /**
     * Loads the first of {@code names} that the dynamic linker finds, and checks it on a stream; never
     * throws. {@code allowed} false: none, because {@value #PROPERTY} forbids it.
     */
    static Loading load(boolean allowed, List<String> names) {
        if (!allowed) {
            return new Loading(Optional.empty(), "libbz2 is forbidden by -D" + PROPERTY + "=false");
        }
        if (ADDRESS.byteSize() != 8) {
            return new Loading(Optional.empty(), "libbz2 is bound for 64-bit pointers only, and this JVM's are " + 8 * ADDRESS.byteSize() + "-bit");
        }
        List<String> failures = new ArrayList<>();
        for (String n : names) {
            LibBz2 lib;
            try {
                lib = new LibBz2(n, SymbolLookup.libraryLookup(n, Arena.global()));
            } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
                failures.add(n + ": " + e.getMessage());
                continue;
            } catch (IllegalCallerException e) {
                return new Loading(Optional.empty(), "native access is not enabled for Quiver (start java with --enable-native-access=ALL-UNNAMED): "
                        + e.getMessage());
            }
            String wrong = lib.check();
            return wrong.isEmpty() ? new Loading(Optional.of(lib), "") : new Loading(Optional.empty(), n + " " + wrong);
        }
        return new Loading(Optional.empty(), "libbz2 is not installed, or not where the dynamic linker looks (" + String.join("; ", failures) + ")");
    }

    /** The library's name, as it was loaded. */
    String name() {
        return name;
    }

    /** {@code BZ2_bzDecompressInit(strm, 0, 0)}: no messages, the fast decoder. */
    int init(MemorySegment strm) {
        try {
            return (int) init.invokeExact(strm, 0, 0);
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /** {@code BZ2_bzDecompress(strm)}: decodes from {@code next_in} to {@code next_out} as far as either goes. */
    int decompress(MemorySegment strm) {
        try {
            return (int) decompress.invokeExact(strm);
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /** {@code BZ2_bzDecompressEnd(strm)}: frees the decoder's memory. */
    void end(MemorySegment strm) {
        try {
            int rc = (int) end.invokeExact(strm);
            if (rc != BZ_OK) {
                throw new IllegalStateException("BZ2_bzDecompressEnd returned " + rc);
            }
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /** The {@code state} of the decoder of {@code strm}, between init and end: one of the {@code BZ_X_} values. */
    int decoderState(MemorySegment strm) {
        return strm.get(ADDRESS, STATE).reinterpret(ADDRESS.byteSize() + JAVA_INT.byteSize()).get(JAVA_INT, ADDRESS.byteSize());
    }

    /** What is wrong with this library, checked on {@link #PROBE}: empty if nothing. */
    private String check() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment strm = arena.allocate(BZ_STREAM);
            int rc = init(strm);
            if (rc != BZ_OK) {
                return "does not start a decoder: BZ2_bzDecompressInit returned " + rc;
            }
            try {
                MemorySegment state = strm.get(ADDRESS, STATE).reinterpret(ADDRESS.byteSize());
                if (state.get(ADDRESS, 0).address() != strm.address() || decoderState(strm) != BZ_X_MAGIC_1) {
                    return "is not laid out as libbzip2 1.0 is, so its errors could not be told apart";
                }
                MemorySegment in = arena.allocateFrom(JAVA_BYTE, PROBE);
                MemorySegment out = arena.allocate(64);
                strm.set(ADDRESS, NEXT_IN, in);
                strm.set(JAVA_INT, AVAIL_IN, PROBE.length);
                strm.set(ADDRESS, NEXT_OUT, out);
                strm.set(JAVA_INT, AVAIL_OUT, (int) out.byteSize());
                rc = decompress(strm);
                int produced = (int) out.byteSize() - strm.get(JAVA_INT, AVAIL_OUT);
                String text = new String(out.asSlice(0, produced).toArray(JAVA_BYTE), java.nio.charset.StandardCharsets.US_ASCII);
                if (rc != BZ_STREAM_END || !text.equals(PROBE_TEXT) || decoderState(strm) != BZ_X_IDLE) {
                    return "does not decode as libbzip2 1.0 does (BZ2_bzDecompress returned " + rc + ", state " + decoderState(strm) + ")";
                }
                return "";
            } finally {
                end(strm);
            }
        }
    }

    private static long offset(String field) {
        return BZ_STREAM.byteOffset(PathElement.groupElement(field));
    }

    private static RuntimeException rethrown(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
