package dev.jgu.arbiter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Worker JVM flags: defaults come first so jvm_opts override them; the AOT cache is used only where it fits. */
class WorkerCommandTest {

    @TempDir
    Path dir;

    private Path aot() {
        return dir.resolve("aot");
    }

    private String jars(String... names) throws IOException {
        StringBuilder cp = new StringBuilder();
        for (String name : names) {
            Path jar = Files.write(dir.resolve(name), new byte[] {1, 2, 3});
            cp.append(cp.isEmpty() ? "" : File.pathSeparator).append(jar);
        }
        return cp.toString();
    }

    @Test
    void operatorFlagsComeAfterTheDefaultsSoTheyWin() {
        List<String> cmd = WorkerCommand.build("java", List.of("-XX:+UseG1GC", "-Xss1m"), List.of(), "auto", null,
                List.of("--slot", "0"));
        assertTrue(cmd.indexOf("-XX:+UseSerialGC") < cmd.indexOf("-XX:+UseG1GC"), cmd.toString());
        assertTrue(cmd.indexOf("-Xss512k") < cmd.indexOf("-Xss1m"), cmd.toString());
        assertEquals(WorkerCommand.MAIN, cmd.get(cmd.size() - 3));
    }

    @Test
    void maxRamShareStaysBetweenFiveAndTwentyFivePercent() {
        double share = Double.parseDouble(WorkerCommand.maxRamPercent());
        assertTrue(share >= 5.0 && share <= 25.0, "share " + share);
    }

    @Test
    void aotCacheIsTrainedOnceThenUsed() throws IOException {
        String java = WorkerCommand.javaExecutable(null);
        String cp = jars("a.jar", "b.jar");
        List<String> flags = List.of("-XX:+UseSerialGC", "-Dtrained=" + System.nanoTime());
        if (Runtime.version().feature() < 25) {
            assertEquals(List.of(), WorkerCommand.aotFlags(java, flags, cp, "train", aot()), "no AOT cache before JDK 25");
            return;
        }
        assertEquals(List.of(), WorkerCommand.aotFlags(java, flags, cp, "auto", aot()), "auto never trains");
        List<String> train = WorkerCommand.aotFlags(java, flags, cp, "train", aot());
        assertEquals(1, train.size());
        assertTrue(train.get(0).startsWith("-XX:AOTCacheOutput="), train.toString());
        assertEquals(List.of(), WorkerCommand.aotFlags(java, flags, cp, "train", aot()), "one trainer per key");
        Path cache = Path.of(train.get(0).substring("-XX:AOTCacheOutput=".length()));
        Files.write(cache, new byte[] {0});
        assertEquals(List.of("-XX:AOTCache=" + cache), WorkerCommand.aotFlags(java, flags, cp, "auto", aot()));
        assertEquals(List.of(), WorkerCommand.aotFlags(java, flags, cp, "off", aot()));
    }

    @Test
    void aotCacheKeyFollowsFlagsAndJars() throws IOException {
        String cp = jars("a.jar");
        String key = WorkerCommand.aotKey(List.of("-Xmx1g"), cp);
        assertEquals(key, WorkerCommand.aotKey(List.of("-Xmx1g"), cp));
        assertNotEquals(key, WorkerCommand.aotKey(List.of("-Xmx2g"), cp));
        Files.write(dir.resolve("a.jar"), new byte[] {1, 2, 3, 4});
        assertNotEquals(key, WorkerCommand.aotKey(List.of("-Xmx1g"), cp), "a changed jar changes the key");
    }

    @Test
    void noAotWhereItCannotWork() throws IOException {
        String java = WorkerCommand.javaExecutable(null);
        String withDir = jars("a.jar") + File.pathSeparator + Files.createDirectories(dir.resolve("classes"));
        assertEquals(List.of(), WorkerCommand.aotFlags(java, List.of(), withDir, "train", aot()), "a directory on the classpath");
        String cp = jars("c.jar");
        assertEquals(List.of(), WorkerCommand.aotFlags("/opt/other-jdk/bin/java", List.of(), cp, "train", aot()), "another java");
        assertEquals(List.of(), WorkerCommand.aotFlags(java, List.of("-XX:AOTCache=/x.aot"), cp, "train", aot()), "operator's own cache");
        assertEquals(List.of(), WorkerCommand.aotFlags(java, List.of("-Xshare:off"), cp, "train", aot()), "operator's sharing mode");
    }
}
