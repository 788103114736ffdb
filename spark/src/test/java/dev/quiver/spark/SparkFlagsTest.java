package dev.quiver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/** The JVM flags that the launcher and the build give Spark drivers are the ones Spark gives its own JVMs. */
class SparkFlagsTest {
    private static final List<String> SPARKS = Arrays.asList(JavaModuleOptions.defaultModuleOptions().split(" "));

    @Test
    void theLauncherCarriesSparksFlags() throws Exception {
        String launcher = Files.readString(Path.of("..", "quiver"));
        var m = Pattern.compile("spark_flags=\\(([^)]*)\\)").matcher(launcher);
        assertTrue(m.find(), "./quiver defines spark_flags=(...)");
        assertEquals(SPARKS, Arrays.asList(m.group(1).strip().split("\\s+")));
    }

    @Test
    void theTestJvmHasThemFromThePom() {
        List<String> ours = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String flag : SPARKS) {
            assertTrue(ours.contains(flag), "the test JVM lacks " + flag + " (spark.jvm.flags in spark/pom.xml)");
        }
    }
}
