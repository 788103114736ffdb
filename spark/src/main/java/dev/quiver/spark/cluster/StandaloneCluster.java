package dev.quiver.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A real Spark standalone cluster on this machine, for tests and benchmarks: a Master and N Workers, each
 * a JVM of its own on 127.0.0.1, the Workers starting executor JVMs for each application as a cluster's
 * would. {@link #close} ends every one of them, executors included, and so does the end of this JVM,
 * however it ends ({@link ParentWatch}).
 *
 * <pre>{@code
 * try (var cluster = StandaloneCluster.start(dir, 2, 1, "1g")) {
 *     SparkConf conf = new SparkConf().setMaster(cluster.masterUrl()).setJars(new String[] {"quiver-spark.jar"});
 *     ...
 * }
 * }</pre>
 *
 * <p>Spark's jars come from {@link SparkClasspath}; each daemon's output goes to {@code NAME.log} in
 * {@code dir}, and each executor's to the Worker's {@code work/APP/ID/stderr}.
 */
public final class StandaloneCluster implements AutoCloseable {
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Pattern ALIVE = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

    private final Path dir;
    private final String masterUrl;
    private final int uiPort;
    private final List<Process> daemons = new ArrayList<>();
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();
    private final Thread hook = new Thread(this::close, "standalone-cluster-shutdown");
    private boolean closed;

    private StandaloneCluster(Path dir, int masterPort, int uiPort) {
        this.dir = dir;
        this.masterUrl = "spark://127.0.0.1:" + masterPort;
        this.uiPort = uiPort;
    }

    /**
     * Starts a Master and {@code workers} Workers of {@code cores} cores and {@code memory} ({@code 1g}) each,
     * and returns when every Worker has registered with the Master.
     *
     * @throws IOException if a daemon cannot start or the Workers do not all register within three minutes
     *                     (the message holds the end of the daemons' logs)
     */
    public static StandaloneCluster start(Path dir, int workers, int cores, String memory) throws IOException {
        Files.createDirectories(dir);
        var cluster = new StandaloneCluster(dir, freePort(), freePort());
        Runtime.getRuntime().addShutdownHook(cluster.hook);
        try {
            Path home = SparkClasspath.home(dir.resolve("spark-home"));
            cluster.launch(home, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", cluster.masterUrl.substring(cluster.masterUrl.lastIndexOf(':') + 1), "--webui-port", Integer.toString(cluster.uiPort));
            cluster.awaitPort(cluster.uiPort);
            for (int i = 1; i <= workers; i++) {
                Path work = Files.createDirectories(dir.resolve("worker-" + i));
                cluster.launch(home, "worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores",
                        Integer.toString(cores), "--memory", memory, "--work-dir", work.toString(), "--webui-port", "0", cluster.masterUrl);
            }
            cluster.awaitWorkers(workers);
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code spark://127.0.0.1:PORT}. */
    public String masterUrl() {
        return masterUrl;
    }

    /** The Master's and Workers' JVMs. */
    public List<ProcessHandle> daemons() {
        return daemons.stream().map(Process::toHandle).toList();
    }

    /** The executor JVMs running now (the Workers' children). */
    public List<ProcessHandle> executors() {
        var executors = new ArrayList<ProcessHandle>();
        for (Process d : daemons) {
            d.descendants().filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).forEach(executors::add);
        }
        synchronized (seen) {
            seen.addAll(executors);
        }
        return executors;
    }

    /** Every JVM of the cluster seen so far: daemons and executors, including ones that have ended. */
    public Set<ProcessHandle> everyProcess() {
        executors();
        synchronized (seen) {
            var all = new LinkedHashSet<>(daemons());
            all.addAll(seen);
            return all;
        }
    }

    /** Ends every JVM of the cluster: asks each daemon to stop, then kills whatever is left of it and its children. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Closing from the hook itself, as the JVM ends.
        }
        List<ProcessHandle> all = new ArrayList<>(everyProcess());
        for (Process d : daemons) {
            d.descendants().forEach(all::add);
        }
        for (int i = daemons.size() - 1; i >= 0; i--) {
            daemons.get(i).destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (ProcessHandle h : all) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                h.destroyForcibly();
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // Reported by the caller's own check that nothing is alive.
                }
            }
        }
        removeJarLinks();
    }

    /** The links of the Spark home this cluster made, so that whoever removes the folder finds plain files only. */
    private void removeJarLinks() {
        try (var links = Files.list(dir.resolve("spark-home").resolve("jars"))) {
            for (Path link : links.filter(Files::isSymbolicLink).toList()) {
                Files.deleteIfExists(link);
            }
        } catch (IOException e) {
            // Nothing made, or already gone.
        }
    }

    private void launch(Path home, String name, String mainClass, String... args) throws IOException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split(" ")));
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(home.resolve("jars") + "/*" + java.io.File.pathSeparator + codeSource());
        command.add(ParentWatch.class.getName());
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = builder.start();
        daemons.add(p);
    }

    /** The jar or folder of this class, which the daemons need for {@link ParentWatch}. */
    private static String codeSource() {
        try {
            return Path.of(ParentWatch.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitPort(int port) throws IOException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive();
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                pause();
            }
        }
        throw new IOException("the Spark Master did not open port " + port + " within " + READY.toSeconds() + " s" + logs());
    }

    private void awaitWorkers(int workers) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY.toNanos();
        int alive = 0;
        while (System.nanoTime() < deadline) {
            checkAlive();
            try {
                Matcher m = ALIVE.matcher(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
                alive = m.find() ? Integer.parseInt(m.group(1)) : 0;
                if (alive >= workers) {
                    return;
                }
            } catch (IOException e) {
                // Not serving yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the Workers", e);
            }
            pause();
        }
        throw new IOException(alive + " of " + workers + " Workers registered within " + READY.toSeconds() + " s" + logs());
    }

    private void checkAlive() throws IOException {
        for (Process d : daemons) {
            if (!d.isAlive()) {
                throw new IOException("a Spark daemon ended with exit code " + d.exitValue() + " while starting" + logs());
            }
        }
    }

    /** The last lines of each daemon's log, for a message. */
    private String logs() {
        var text = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                text.append("\n--- ").append(log.getFileName()).append(" (last lines) ---\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
            }
        } catch (IOException e) {
            text.append("\n(the logs in ").append(dir).append(" cannot be read: ").append(e.getMessage()).append(')');
        }
        return text.toString();
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
