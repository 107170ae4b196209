package dev.jgu.protocol.settings;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key the workers read must be in the registry: only registered settings are
 * resolved by the arbiter and written for the workers, so an unregistered key
 * would read as its default whatever the operator set.
 */
class WorkerKeysTest {

    /** {@code WorkerSettings.TIMEOUT}, also as a static import. */
    private static final Pattern KEY = Pattern.compile("\\b([A-Z]\\w*Settings)\\.([A-Z][A-Z0-9_]*)\\b");

    /** {@code settings().get("timeout")}, {@code getInt("timeout", 30)}: a name and a default repeated. */
    private static final Pattern BY_NAME = Pattern.compile("\\.get(Int|Boolean|List|Map)?\\(\\s*\"[a-z_]+\"");

    @Test
    void keysCanOnlyBeDeclaredInThisPackage() throws NoSuchMethodException {
        assertFalse(Modifier.isPublic(Setting.class.getDeclaredMethod("builder", Section.class, String.class, ValueType.class,
                Consumer.class).getModifiers()));
        assertFalse(Modifier.isPublic(Setting.Builder.class.getModifiers()));
    }

    @Test
    void everyKeyDeclaredInThisPackageIsRegistered() throws Exception {
        List<String> unregistered = new ArrayList<>();
        int keys = 0;
        for (Class<?> type : classesOfThisPackage()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
                    field.setAccessible(true);
                    Setting<?> key = (Setting<?>) field.get(null);
                    keys++;
                    if (!Registry.contains(key)) {
                        unregistered.add(type.getSimpleName() + "." + field.getName() + " (" + key.name() + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), unregistered,
                "declared but not in Registry.all(): build them with their section class's setting(...)");
        assertEquals(Registry.all().size(), keys);
    }

    @Test
    void everyKeyTheWorkerModulesReadIsRegistered() throws IOException {
        Map<String, String> read = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Path source : workerSources()) {
            String text = Files.readString(source);
            Matcher key = KEY.matcher(text);
            while (key.find()) {
                read.put(key.group(1) + "." + key.group(2), source.getFileName().toString());
            }
            Matcher byName = BY_NAME.matcher(text);
            while (byName.find()) {
                problems.add(source.getFileName() + " reads a setting by name: " + byName.group());
            }
        }
        read.forEach((constant, file) -> {
            Setting<?> key = constant(constant);
            if (key == null) {
                problems.add(file + " reads " + constant + ", which is not a setting");
            } else if (!Registry.contains(key)) {
                problems.add(file + " reads " + constant + " (" + key.name() + "), which is not in Registry.all()");
            }
        });
        assertEquals(List.of(), problems);
        assertTrue(read.containsKey("WorkerSettings.TIMEOUT") && read.containsKey("SecuritySettings.LIMIT_REQUEST_LINE"),
                "the scan found no worker code: " + read.keySet());
    }

    private static Setting<?> constant(String qualified) {
        String[] parts = qualified.split("\\.");
        try {
            Field field = Class.forName(Setting.class.getPackageName() + "." + parts[0]).getField(parts[1]);
            return field.getType() == Setting.class ? (Setting<?>) field.get(null) : null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static List<Class<?>> classesOfThisPackage() throws IOException, URISyntaxException, ClassNotFoundException {
        URL here = Setting.class.getResource("Setting.class");
        assertTrue(here != null && here.getProtocol().equals("file"), "run from compiled classes, not a jar: " + here);
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(here.toURI()).getParent())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.class$", "");
                classes.add(Class.forName(Setting.class.getPackageName() + "." + name));
            }
        }
        return classes;
    }

    /** The main sources of every worker module: {@code workers-*}. */
    private static List<Path> workerSources() throws IOException {
        Path root = root();
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("workers-")).sorted().toList()) {
                Path main = module.resolve("src/main/java");
                if (Files.isDirectory(main)) {
                    try (Stream<Path> files = Files.walk(main)) {
                        files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
                    }
                }
            }
        }
        assertFalse(sources.isEmpty(), "no workers-* module under " + root);
        return sources;
    }

    private static Path root() throws IOException {
        String configured = System.getProperty("jgu.root");
        if (configured != null && Files.isRegularFile(Path.of(configured, "protocol", "pom.xml"))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("protocol/pom.xml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IOException("cannot find the repository root: set -Djgu.root");
    }
}
