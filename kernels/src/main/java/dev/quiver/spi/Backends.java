package dev.quiver.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backends on the class path, loaded once, most preferred first, each with its availability
 * (asked once: probing a device can take a while).
 */
public final class Backends {
    /** Backends Quiver ships, so that a missing one can be named with the jar that provides it. */
    private static final Map<String, String> KNOWN = Map.of(
            "reference", "quiver-kernels",
            "simd", "quiver-cpu",
            "threads", "quiver-cpu",
            "opencl", "quiver-gpu");

    private static volatile List<Backend> loaded;
    private static final Map<Backend, Availability> AVAILABILITY = new ConcurrentHashMap<>();
    private static final List<String> LOAD_FAILURES = new ArrayList<>();

    private Backends() {
    }

    /** Every backend found, by descending {@link Backend#priority()}. */
    public static List<Backend> all() {
        List<Backend> all = loaded;
        if (all == null) {
            synchronized (Backends.class) {
                all = loaded;
                if (all == null) {
                    all = load();
                    loaded = all;
                }
            }
        }
        return all;
    }

    private static List<Backend> load() {
        var found = new ArrayList<Backend>();
        var iterator = ServiceLoader.load(Backend.class, Backends.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                found.add(iterator.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // A provider that cannot even be constructed is reported, not fatal: the others still run.
                LOAD_FAILURES.add(e.getMessage());
            }
        }
        found.sort(Comparator.comparingInt(Backend::priority).reversed().thenComparing(Backend::name));
        return List.copyOf(found);
    }

    /** The backend's availability, asked once per JVM. */
    public static Availability availability(Backend backend) {
        return AVAILABILITY.computeIfAbsent(backend, b -> {
            try {
                return b.availability();
            } catch (RuntimeException | LinkageError e) {
                return Availability.unavailable("failed while probing: " + e);
            }
        });
    }

    /** The backend of this name (the part before any ':'). */
    public static Optional<Backend> find(String name) {
        return all().stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /**
     * The backend a user named, configured by any ':' option.
     *
     * @throws IllegalArgumentException if no such backend is on the class path, or the option is wrong
     */
    public static Backend named(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("backend name is empty; choose one of " + names());
        }
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        Backend backend = find(name).orElseThrow(() -> new IllegalArgumentException(KNOWN.containsKey(name)
                ? "backend '" + name + "' is not on the class path: add " + KNOWN.get(name) + " (on the class path now: " + names() + ")"
                : "unknown backend '" + name + "'; choose one of " + names()));
        return colon < 0 ? backend : backend.configure(spec.substring(colon + 1));
    }

    /** The names of the backends found, most preferred first. */
    public static List<String> names() {
        return all().stream().map(Backend::name).toList();
    }

    /** Backends Quiver ships that are not on the class path, with the jar that provides each. */
    public static Map<String, String> missing() {
        var missing = new java.util.TreeMap<String, String>();
        KNOWN.forEach((name, jar) -> {
            if (find(name).isEmpty()) {
                missing.put(name, jar);
            }
        });
        return missing;
    }

    /** Messages from providers that failed to load. */
    public static List<String> loadFailures() {
        all();
        return List.copyOf(LOAD_FAILURES);
    }
}
