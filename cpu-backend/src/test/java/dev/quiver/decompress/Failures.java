package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.decompress.DecompressionException.Kind;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.function.Executable;

/** Assertions on {@link DecompressionException}s: the kind, the codec, and a message that names the codec first. */
final class Failures {
    private Failures() {
    }

    /** {@code call} fails with {@code kind}, blaming {@code codec} (null: none) in the exception and at the start of its message. */
    static DecompressionException expect(Kind kind, Codec codec, Executable call) {
        return expect(Set.of(kind), codec, call);
    }

    /** {@code call} fails with one of {@code kinds}, blaming {@code codec}. */
    static DecompressionException expect(Set<Kind> kinds, Codec codec, Executable call) {
        DecompressionException e = assertThrows(DecompressionException.class, call);
        assertTrue(kinds.contains(e.kind()), () -> "expected " + kinds + ", got " + e.kind() + ": " + e.getMessage());
        assertEquals(Optional.ofNullable(codec), e.codec(), e::getMessage);
        if (codec != null) {
            assertTrue(e.getMessage().startsWith(codec.id() + ": ") || e.item().isPresent(), e::getMessage);
        }
        return e;
    }
}
