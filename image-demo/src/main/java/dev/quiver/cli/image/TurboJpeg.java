package dev.quiver.cli.image;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * libjpeg-turbo's TurboJPEG API ({@code libturbojpeg.so.0}, Debian's {@code libturbojpeg0}), called
 * through the FFM API: JPEG decoding and encoding several times faster than ImageIO's. Only the
 * TurboJPEG 2 functions are bound ({@code tjInitDecompress}, {@code tjDecompressHeader3},
 * {@code tjDecompress2}, {@code tjCompress2} ...), which TurboJPEG 3 still provides; 2.0 is the oldest
 * version accepted, the first that tells warnings (a truncated file, decoded as far as it goes) from
 * errors.
 *
 * <p>{@link #shared()} is the library loaded once per JVM, or empty where it cannot be used, with the
 * reason in {@link #status()} (logged once as a warning the first time a JPEG needs it,
 * unless it was turned off on purpose). System properties: {@code -Dquiver.turbojpeg=off} turns it off
 * (ImageIO then does all JPEG work); {@code -Dquiver.turbojpeg.library=NAME_OR_PATH} loads another
 * library file than {@code libturbojpeg.so.0}.
 *
 * <p>Thread-safe: every call makes its own TurboJPEG handle and frees it.
 */
final class TurboJpeg {
    /** Pixel formats (TJPF_*): one gray byte; and B, G, R, A (or unused) bytes, which a little-endian int reads as 0xAARRGGBB. */
    private static final int TJPF_GRAY = 6;
    private static final int TJPF_BGRA = 8;
    private static final int TJPF_BGRX = 3;
    /** Chroma subsampling (TJSAMP_*). */
    private static final int TJSAMP_420 = 2;
    private static final int TJSAMP_GRAY = 3;
    /** JPEG colour spaces (TJCS_*) of {@link Header#colourSpace()}. */
    static final int TJCS_RGB = 0;
    static final int TJCS_YCBCR = 1;
    static final int TJCS_GRAY = 2;
    /** Refuse progressive files of more than 500 scans, which can take minutes to decode (since 2.1; ignored before). */
    private static final int TJFLAG_LIMITSCANS = 32768;

    private static final ValueLayout.OfLong UNSIGNED_LONG = ValueLayout.JAVA_LONG;
    private static final String DEFAULT_LIBRARY = "libturbojpeg.so.0";
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final Loaded SHARED = load(System.getProperty("quiver.turbojpeg", "on"),
            System.getProperty("quiver.turbojpeg.library", DEFAULT_LIBRARY));

    private final String description;
    private final MethodHandle initDecompress;
    private final MethodHandle initCompress;
    private final MethodHandle destroy;
    private final MethodHandle decompressHeader;
    private final MethodHandle decompress;
    private final MethodHandle compress;
    private final MethodHandle errorString;
    private final MethodHandle free;

    /** The library, or why there is none. */
    private record Loaded(TurboJpeg library, String reason, boolean onPurpose) {
    }

    /** What a JPEG's header says: its size, chroma subsampling (TJSAMP_*) and colour space (TJCS_*). */
    record Header(int width, int height, int subsampling, int colourSpace) {
    }

    /**
     * A call that failed, with TurboJPEG's message. A decode fails both when TurboJPEG stops (an error)
     * and when it decodes to the end but met something wrong in the data (a warning: a truncated file is
     * "Premature end of JPEG file"); the message says which.
     */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private TurboJpeg(SymbolLookup lookup, String description) {
        Linker linker = Linker.nativeLinker();
        var address = ValueLayout.ADDRESS;
        var integer = ValueLayout.JAVA_INT;
        // Sizes are C's unsigned long: 8 bytes on 64-bit Linux and macOS (4 on Windows, which is not supported).
        MemoryLayout cLong = linker.canonicalLayouts().get("long");
        if (cLong.byteSize() != UNSIGNED_LONG.byteSize()) {
            throw new IllegalStateException("C's long is " + cLong.byteSize() + " bytes here, and only 8-byte longs are supported");
        }
        var unsignedLong = UNSIGNED_LONG;
        this.description = description;
        initDecompress = handle(linker, lookup, "tjInitDecompress", FunctionDescriptor.of(address));
        initCompress = handle(linker, lookup, "tjInitCompress", FunctionDescriptor.of(address));
        destroy = handle(linker, lookup, "tjDestroy", FunctionDescriptor.of(integer, address));
        decompressHeader = handle(linker, lookup, "tjDecompressHeader3",
                FunctionDescriptor.of(integer, address, address, unsignedLong, address, address, address, address));
        decompress = handle(linker, lookup, "tjDecompress2",
                FunctionDescriptor.of(integer, address, address, unsignedLong, address, integer, integer, integer, integer, integer));
        compress = handle(linker, lookup, "tjCompress2",
                FunctionDescriptor.of(integer, address, address, integer, integer, integer, integer, address, address, integer, integer, integer));
        AddressLayout string = address.withTargetLayout(MemoryLayout.sequenceLayout(1024, ValueLayout.JAVA_BYTE));
        errorString = handle(linker, lookup, "tjGetErrorStr2", FunctionDescriptor.of(string, address));
        free = handle(linker, lookup, "tjFree", FunctionDescriptor.ofVoid(address));
        // tjGetErrorCode arrived in 2.0, with the warning/error distinction this class relies on.
        handle(linker, lookup, "tjGetErrorCode", FunctionDescriptor.of(integer, address));
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
                "it has no function " + name + " (TurboJPEG 2.0 or newer is needed)"));
        return linker.downcallHandle(symbol, descriptor);
    }

    /** The library this JVM uses for JPEGs, or empty (see {@link #status()}); logs the reason once. */
    static Optional<TurboJpeg> shared() {
        if (SHARED.library == null && !SHARED.onPurpose && WARNED.compareAndSet(false, true)) {
            System.getLogger("dev.quiver").log(System.Logger.Level.WARNING,
                    "quiver: " + SHARED.reason + "; JPEGs are decoded and encoded by ImageIO instead, several times slower");
        }
        return Optional.ofNullable(SHARED.library);
    }

    /** What {@link #shared()} is, or why it is empty. */
    static String status() {
        return SHARED.library != null ? SHARED.library.description : SHARED.reason;
    }

    /**
     * Loads {@code library}, a file name the dynamic linker searches for or a path, whatever the system
     * properties say. Never throws: a library that is missing or too old is simply empty.
     */
    static Optional<TurboJpeg> load(String library) {
        return Optional.ofNullable(load("on", library).library);
    }

    private static Loaded load(String setting, String library) {
        if (setting.equalsIgnoreCase("off") || setting.equalsIgnoreCase("false")) {
            return new Loaded(null, "libjpeg-turbo is turned off by -Dquiver.turbojpeg=" + setting, true);
        }
        try {
            SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
            boolean three = lookup.find("tj3Init").isPresent();
            return new Loaded(new TurboJpeg(lookup, "libjpeg-turbo's TurboJPEG " + (three ? "3" : "2") + " API (" + library + ")"), null, false);
        } catch (IllegalArgumentException e) {
            String hint = library.equals(DEFAULT_LIBRARY) ? " (on Debian and Ubuntu: apt-get install libturbojpeg0)" : "";
            return new Loaded(null, "libjpeg-turbo cannot be loaded: no library " + library + " was found" + hint, false);
        } catch (IllegalCallerException e) {
            return new Loaded(null, "libjpeg-turbo cannot be loaded: native access is not enabled (run Java with --enable-native-access=ALL-UNNAMED; ./quiver does)", false);
        } catch (UnsatisfiedLinkError | IllegalStateException e) {
            return new Loaded(null, "libjpeg-turbo cannot be used: " + library + " " + e.getMessage(), false);
        }
    }

    /** The library and its API version, for messages. */
    String description() {
        return description;
    }

    /**
     * The header of the JPEG in {@code jpeg}.
     *
     * @throws Failure if TurboJPEG cannot read it (damaged, or no JPEG)
     */
    Header header(MemorySegment jpeg) throws Failure {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment values = arena.allocate(ValueLayout.JAVA_INT, 4);
            MemorySegment handle = (MemorySegment) initDecompress.invokeExact();
            if (handle.equals(MemorySegment.NULL)) {
                throw new Failure("TurboJPEG could not make a decompressor (out of native memory?)");
            }
            try {
                int rc = (int) decompressHeader.invokeExact(handle, jpeg, jpeg.byteSize(), values, values.asSlice(4), values.asSlice(8), values.asSlice(12));
                if (rc != 0) {
                    throw new Failure(error(handle));
                }
            } finally {
                int ignored = (int) destroy.invokeExact(handle);
            }
            return new Header(values.getAtIndex(ValueLayout.JAVA_INT, 0), values.getAtIndex(ValueLayout.JAVA_INT, 1),
                    values.getAtIndex(ValueLayout.JAVA_INT, 2), values.getAtIndex(ValueLayout.JAVA_INT, 3));
        } catch (Failure | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Decodes the JPEG in {@code jpeg}, of the {@code width} and {@code height} its header gives, into
     * {@code argb} as packed 0xAARRGGBB, alpha 255.
     *
     * @throws Failure with TurboJPEG's message; {@code argb} may then hold part of the image
     */
    void decode(MemorySegment jpeg, int width, int height, int[] argb) throws Failure {
        long bytes = 4L * width * height;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pixels = arena.allocate(bytes, 64);
            MemorySegment handle = (MemorySegment) initDecompress.invokeExact();
            if (handle.equals(MemorySegment.NULL)) {
                throw new Failure("TurboJPEG could not make a decompressor (out of native memory?)");
            }
            String failure = null;
            try {
                int rc = (int) decompress.invokeExact(handle, jpeg, jpeg.byteSize(), pixels, width, 4 * width, height, TJPF_BGRA, TJFLAG_LIMITSCANS);
                if (rc != 0) {
                    failure = error(handle);
                }
            } finally {
                int ignored = (int) destroy.invokeExact(handle);
            }
            if (failure != null) {
                throw new Failure(failure);
            }
            MemorySegment.copy(pixels, ValueLayout.JAVA_INT, 0, argb, 0, width * height);
        } catch (Failure | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Where {@link #encode} puts the JPEG it made: valid only during the call. */
    @FunctionalInterface
    interface Sink {
        void accept(MemorySegment jpeg) throws java.io.IOException;
    }

    /**
     * Encodes opaque packed-ARGB pixels as a baseline YCbCr JPEG, 4:2:0, at {@code quality} (1..100),
     * and hands its bytes to {@code sink}.
     */
    void encodeRgb(int[] argb, int width, int height, int quality, Sink sink) throws Failure, java.io.IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pixels = arena.allocate(4L * argb.length, 64);
            MemorySegment.copy(argb, 0, pixels, ValueLayout.JAVA_INT, 0, argb.length);
            encode(arena, pixels, width, height, TJPF_BGRX, TJSAMP_420, quality, sink);
        }
    }

    /** Encodes 8-bit gray samples, one byte a pixel, as a one-channel JPEG at {@code quality}, and hands it to {@code sink}. */
    void encodeGray(byte[] gray, int width, int height, int quality, Sink sink) throws Failure, java.io.IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pixels = arena.allocate(gray.length, 64);
            MemorySegment.copy(gray, 0, pixels, ValueLayout.JAVA_BYTE, 0, gray.length);
            encode(arena, pixels, width, height, TJPF_GRAY, TJSAMP_GRAY, quality, sink);
        }
    }

    private void encode(Arena arena, MemorySegment pixels, int width, int height, int format, int subsampling, int quality, Sink sink)
            throws Failure, java.io.IOException {
        // TurboJPEG allocates the output (NULL in *jpegBuf) and grows it as needed; it is freed below.
        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
        MemorySegment size = arena.allocate(UNSIGNED_LONG);
        MemorySegment jpeg = MemorySegment.NULL;
        try {
            MemorySegment handle = (MemorySegment) initCompress.invokeExact();
            if (handle.equals(MemorySegment.NULL)) {
                throw new Failure("TurboJPEG could not make a compressor (out of native memory?)");
            }
            try {
                int rc = (int) compress.invokeExact(handle, pixels, width, 0, height, format, out, size, subsampling, quality, 0);
                jpeg = out.get(ValueLayout.ADDRESS, 0);
                if (rc != 0) {
                    throw new Failure(error(handle));
                }
            } finally {
                int ignored = (int) destroy.invokeExact(handle);
            }
            sink.accept(jpeg.reinterpret(size.get(UNSIGNED_LONG, 0)));
        } catch (Failure | java.io.IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            if (!jpeg.equals(MemorySegment.NULL)) {
                try {
                    free.invokeExact(jpeg);
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            }
        }
    }

    private String error(MemorySegment handle) throws Throwable {
        MemorySegment text = (MemorySegment) errorString.invokeExact(handle);
        return text.equals(MemorySegment.NULL) ? "TurboJPEG gave no reason" : text.getString(0);
    }

    @Override
    public String toString() {
        return description;
    }
}
