package dev.quiver;

import dev.quiver.spi.Backend;
import dev.quiver.spi.Backends;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;

/**
 * The figures {@link Dispatch} measured, kept in a file so that the next process need not measure again:
 * {@code $XDG_CACHE_HOME/quiver/dispatch.properties} (by default {@code ~/.cache/quiver/...}), or the file
 * {@code -Dquiver.dispatch.cache=FILE} names; {@code -Dquiver.dispatch.cache=none} keeps figures in memory
 * only. Each key names the backend as it describes itself (device, driver) and the kernel's text, and
 * the file as a whole belongs to one machine shape (processor count, architecture, JVM version) and one
 * way of measuring: a file written elsewhere, or by a Quiver that measured differently, is ignored and
 * replaced. Any trouble reading or writing it only costs a measurement.
 */
final class FigureCache {
    private static final String MACHINE_KEY = "machine";
    /** Raised whenever what is measured, or how, changes: figures measured otherwise are not comparable. */
    private static final int METHOD = 2;
    private static final System.Logger LOG = System.getLogger("dev.quiver");
    private static Properties read;
    private static Path readFrom;

    private FigureCache() {
    }

    /** How a backend is named in keys: its name and what it runs on, which includes a device's driver. */
    static String identity(Backend backend) {
        return backend.name() + " [" + Backends.availability(backend).detail() + "]";
    }

    static synchronized Optional<double[]> get(String key) {
        String value = current().getProperty(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Arrays.stream(value.split(",")).mapToDouble(Double::parseDouble).toArray());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static synchronized void put(String key, double... figures) {
        Path file = file();
        if (file == null) {
            return;
        }
        Properties p = load();
        p.setProperty(MACHINE_KEY, machine());
        p.setProperty(key, String.join(",", Arrays.stream(figures).mapToObj(Double::toString).toList()));
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".dispatch", ".tmp");
            try (Writer w = Files.newBufferedWriter(temp)) {
                p.store(w, "Quiver's dispatch measurements; delete this file to measure again");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            read = p;
            readFrom = file;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "quiver: could not write the dispatch cache " + file + ": " + e);
        }
    }

    /**
     * The file's figures as this process last read or wrote them: read once, not on every call, since a
     * call that is not measured yet asks on its way.
     */
    private static Properties current() {
        Path file = file();
        if (read == null || !java.util.Objects.equals(readFrom, file)) {
            read = load();
            readFrom = file;
        }
        return read;
    }

    /** The file as it is on disk now (put merges into it what other processes have written meanwhile). */
    private static Properties load() {
        var p = new Properties();
        Path file = file();
        if (file == null || !Files.isRegularFile(file)) {
            return p;
        }
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException | RuntimeException e) {
            return new Properties();
        }
        return machine().equals(p.getProperty(MACHINE_KEY)) ? p : new Properties();
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cpus, " + System.getProperty("os.arch") + ", Java " + Runtime.version()
                + ", method " + METHOD;
    }

    /** The cache file, or null when caching is off. */
    static Path file() {
        String setting = System.getProperty("quiver.dispatch.cache");
        if ("none".equals(setting)) {
            return null;
        }
        if (setting != null && !setting.isBlank()) {
            return Path.of(setting);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("quiver").resolve("dispatch.properties");
    }
}
