package dev.jgu.protocol.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckTest {

    @TempDir
    Path dir;

    private Context context() {
        return new Context(dir, Map.of("PATH", dir.resolve("bin").toString()));
    }

    @Test
    void atLeastNamesTheBoundAndTheValue() {
        BadValue bad = assertThrows(BadValue.class, () -> Check.atLeast(1).verify(0, context()));
        assertEquals("workers: must be >= 1, got 0 (jgu.conf:7)", bad.describe("workers", "jgu.conf:7"));
        assertDoesNotThrow(() -> Check.atLeast(1).verify(1, context()));
    }

    @Test
    void betweenIncludesBothEnds() {
        assertDoesNotThrow(() -> Check.between(0, 8190).verify(0, context()));
        assertDoesNotThrow(() -> Check.between(0, 8190).verify(8190, context()));
        BadValue bad = assertThrows(BadValue.class, () -> Check.between(0, 8190).verify(8191, context()));
        assertEquals("must be between 0 and 8190, got 8191", bad.getMessage());
    }

    @Test
    void permissionBitsShowTheValueInOctal() {
        assertDoesNotThrow(() -> Check.permissionBits().verify(0777, context()));
        BadValue bad = assertThrows(BadValue.class, () -> Check.permissionBits().verify(01000, context()));
        assertEquals("must be between 0o0 and 0o777, got 0o1000", bad.getMessage());
        assertThrows(BadValue.class, () -> Check.permissionBits().verify(-1, context()));
    }

    @Test
    void notBlankAndNotEmptyRefuseNothing() {
        assertThrows(BadValue.class, () -> Check.notBlank().verify(" ", context()));
        assertThrows(BadValue.class, () -> Check.notEmpty().verify(List.of(), context()));
        assertDoesNotThrow(() -> Check.notEmpty().verify(List.of("x"), context()));
    }

    @Test
    void appSpecTakesAClassOrAFactory() {
        for (String ok : List.of("App", "com.example.App", "com.example.App::create", "com.example.Outer$Inner", "_x.y")) {
            assertDoesNotThrow(() -> Check.appSpec().verify(ok, context()), ok);
        }
        for (String bad : List.of("", "com.example.", "1abc", "a::b::c", "com example.App", "com.example.App::", "app.py:app")) {
            assertThrows(BadValue.class, () -> Check.appSpec().verify(bad, context()), bad);
        }
    }

    @Test
    void classNameAndAccountForms() {
        assertTrue(Check.CLASS_NAME.matcher("gthread").matches());
        assertTrue(Check.CLASS_NAME.matcher("org.example.MyWorker").matches());
        assertFalse(Check.CLASS_NAME.matcher("my-worker").matches());
        assertTrue(Check.ACCOUNT.matcher("www-data").matches());
        assertTrue(Check.ACCOUNT.matcher("33").matches());
        assertFalse(Check.ACCOUNT.matcher("no body").matches());
    }

    @Test
    void existingDirectoryResolvesAgainstTheStartDirectory() throws IOException {
        Files.createDirectory(dir.resolve("app"));
        assertDoesNotThrow(() -> Check.existingDirectory().verify("app", context()));
        assertDoesNotThrow(() -> Check.existingDirectory().verify(dir.toString(), context()));
        BadValue bad = assertThrows(BadValue.class, () -> Check.existingDirectory().verify("nope", context()));
        assertEquals("must be an existing directory, got \"nope\"", bad.getMessage());
    }

    @Test
    void executableTakesAPathOrANameOnPath() throws IOException {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path java = Files.createFile(bin.resolve("java"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.createFile(bin.resolve("plain"));
        assertDoesNotThrow(() -> Check.executable().verify(java.toString(), context()));
        assertDoesNotThrow(() -> Check.executable().verify("bin/java", context()));
        assertDoesNotThrow(() -> Check.executable().verify("java", context()));
        assertThrows(BadValue.class, () -> Check.executable().verify("bin/plain", context()));
        BadValue bad = assertThrows(BadValue.class, () -> Check.executable().verify("javaa", context()));
        assertEquals("must be an executable file or a program on PATH, got \"javaa\"", bad.getMessage());
    }

    @Test
    void classpathEntriesMustExistAndDirStarNeedsADirectory() throws IOException {
        Files.createDirectory(dir.resolve("lib"));
        Files.createFile(dir.resolve("app.jar"));
        assertDoesNotThrow(() -> Check.classpathEntries().verify(List.of("lib/*", "app.jar", "lib", "*"), context()));
        BadValue bad = assertThrows(BadValue.class, () -> Check.classpathEntries().verify(List.of("lib", "missing.jar"), context()));
        assertEquals("must be an existing directory or jar, got \"missing.jar\"", bad.getMessage());
        assertThrows(BadValue.class, () -> Check.classpathEntries().verify(List.of("app.jar/*"), context()));
    }

    @Test
    void fileSystemChecksAreSkippedWhenTheContextSaysSo() throws BadValue {
        Context elsewhere = new Context(dir, Map.of(), false);
        assertTrue(Check.existingDirectory().onFileSystem());
        assertFalse(Check.notBlank().onFileSystem());
        assertEquals("/srv/app", MechanicsSettings.CHDIR.verify("/srv/app", elsewhere));
        assertThrows(BadValue.class, () -> MechanicsSettings.CHDIR.verify("/srv/app/nope", context()));
    }
}
