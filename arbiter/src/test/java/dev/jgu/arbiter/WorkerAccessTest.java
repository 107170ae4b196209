package dev.jgu.arbiter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WorkerAccessTest {

    @TempDir
    Path dir;

    @Test
    void needsJavaEveryJarOfAWildcardEntryEachClasspathEntryAndChdir() throws IOException {
        Path lib = Files.createDirectory(dir.resolve("lib"));
        Path spi = Files.createFile(lib.resolve("jgu-spi.jar"));
        Files.createFile(lib.resolve("notes.txt"));
        Path classes = Files.createDirectory(dir.resolve("classes"));
        Path app = dir.resolve("app.jar");
        List<WorkerAccess.Need> needs = WorkerAccess.needs("/usr/bin/java", lib + "/*",
                List.of(classes.toString(), app.toString()), dir.toString());
        assertEquals(List.of(
                new WorkerAccess.Need(Path.of("/usr/bin/java"), WorkerAccess.Use.EXECUTE, "the java executable"),
                new WorkerAccess.Need(lib, WorkerAccess.Use.LIST, "jgu's worker jars"),
                new WorkerAccess.Need(spi, WorkerAccess.Use.READ, "jgu's worker jars"),
                new WorkerAccess.Need(classes, WorkerAccess.Use.LIST, "classpath"),
                new WorkerAccess.Need(app, WorkerAccess.Use.READ, "classpath"),
                new WorkerAccess.Need(dir, WorkerAccess.Use.ENTER, "chdir")), needs);
    }

    @Test
    void nothingIsCheckedWhenWorkersKeepTheArbitersUser() throws IOException {
        List<WorkerAccess.Need> needs = List.of(new WorkerAccess.Need(dir, WorkerAccess.Use.ENTER, "chdir"));
        assertEquals(List.of(), WorkerAccess.problems(new WorkerIdentity(-1, -1, false), null, needs));
    }
}
