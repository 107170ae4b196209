package dev.jgu.protocol.settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A validator run on every value a setting receives, whatever layer it comes
 * from, after its {@link ValueType} has read it.
 *
 * @param <T> the value type
 */
@FunctionalInterface
interface Check<T> {

    /** Java identifiers joined by dots: a class or worker-class name. */
    Pattern CLASS_NAME = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    /** A user or group: a name as useradd allows it, or a numeric id. */
    Pattern ACCOUNT = Pattern.compile("[0-9]+|[A-Za-z_][A-Za-z0-9_.-]*\\$?");

    /** @throws BadValue naming the expectation and the offending value */
    void verify(T value, Context context) throws BadValue;

    /** @return whether the check looks at files on this machine (skipped when a {@link Context} says so) */
    default boolean onFileSystem() {
        return false;
    }

    /** Marks a check that looks at files on this machine. */
    static <T> Check<T> onFileSystem(Check<T> check) {
        return new Check<>() {
            @Override
            public void verify(T value, Context context) throws BadValue {
                check.verify(value, context);
            }

            @Override
            public boolean onFileSystem() {
                return true;
            }
        };
    }

    static Check<Integer> atLeast(int min) {
        return (v, c) -> {
            if (v < min) {
                throw new BadValue("must be >= " + min, v.toString());
            }
        };
    }

    static Check<Integer> between(int min, int max) {
        return (v, c) -> {
            if (v < min || v > max) {
                throw new BadValue("must be between " + min + " and " + max, v.toString());
            }
        };
    }

    /** Between 0 and 0o777, shown in octal. */
    static Check<Integer> permissionBits() {
        return (v, c) -> {
            if (v < 0 || v > 0777) {
                throw new BadValue("must be between 0o0 and 0o777", v < 0 ? v.toString() : "0o" + Integer.toOctalString(v));
            }
        };
    }

    static Check<String> notBlank() {
        return (v, c) -> {
            if (v.isBlank()) {
                throw new BadValue("must not be empty", TomlText.string(v));
            }
        };
    }

    static Check<List<String>> notEmpty() {
        return (v, c) -> {
            if (v.isEmpty()) {
                throw new BadValue("must name at least one item", "[]");
            }
        };
    }

    static Check<String> matches(Pattern form, String expectation) {
        return (v, c) -> {
            if (!form.matcher(v).matches()) {
                throw new BadValue(expectation, TomlText.string(v));
            }
        };
    }

    /** {@code com.example.App} or {@code com.example.App::create}. */
    static Check<String> appSpec() {
        Pattern form = Pattern.compile(CLASS_NAME.pattern() + "(::\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)?");
        Check<String> className = matches(form, "expected a class name as com.example.App, a factory as com.example.App::create,"
                + " or a path to a .war file or to a directory holding WEB-INF/ (a path holds a / or ends in .war)");
        Check<String> path = onFileSystem((v, c) -> {
            Path p = c.resolve(v);
            if (!Files.exists(p)) {
                throw new BadValue("expected an existing .war file or a directory holding WEB-INF/", TomlText.string(v));
            }
        });
        return (v, c) -> {
            if (dev.jgu.protocol.AppLoader.isPath(v)) {
                if (c.checkFiles()) {
                    path.verify(v, c);
                }
            } else {
                className.verify(v, c);
            }
        };
    }

    /** A directory that exists now (relative to where jgu was started). */
    static Check<String> existingDirectory() {
        return onFileSystem((v, c) -> {
            if (v.isBlank() || !Files.isDirectory(c.resolve(v))) {
                throw new BadValue("must be an existing directory", TomlText.string(v));
            }
        });
    }

    /** Classpath entries as {@code java -cp} reads them: a directory, a jar, or {@code dir/*} for every jar in dir. */
    static Check<List<String>> classpathEntries() {
        return onFileSystem((entries, c) -> {
            for (String entry : entries) {
                boolean jarsOf = entry.equals("*") || entry.endsWith("/*");
                Path path = c.resolve(jarsOf ? entry.substring(0, entry.length() - 1) + "." : entry);
                if (jarsOf ? !Files.isDirectory(path) : !Files.exists(path)) {
                    throw new BadValue(jarsOf ? "expected DIR/* to name an existing directory" : "must be an existing directory or jar",
                            TomlText.string(entry));
                }
            }
        });
    }

    /**
     * A program: a path to an executable file, or a bare name found on
     * {@code PATH}, as a shell would run it.
     */
    static Check<String> executable() {
        return onFileSystem((v, c) -> {
            if (v.isBlank() || findExecutable(v, c) == null) {
                throw new BadValue(v.contains("/") ? "must be an executable file" : "must be an executable file or a program on PATH",
                        TomlText.string(v));
            }
        });
    }

    private static Path findExecutable(String program, Context context) {
        if (program.contains("/")) {
            Path path = context.resolve(program);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? path : null;
        }
        for (String dir : context.env().getOrDefault("PATH", "").split(":")) {
            Path path = context.resolve(dir.isEmpty() ? "." : dir).resolve(program);
            if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                return path;
            }
        }
        return null;
    }
}
