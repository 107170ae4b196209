package dev.jgu.adapters.servlet.webapp;

import jakarta.servlet.ServletContainerInitializer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * The {@link ServletContainerInitializer}s of a web app, read the way {@link
 * java.util.ServiceLoader} reads them but root by root, so they come in fragment order and a jar
 * that absolute-ordering left out contributes none (Servlet spec 8.2.4).
 */
final class Initializers {

    private static final String SERVICE = "META-INF/services/" + ServletContainerInitializer.class.getName();

    private Initializers() {
    }

    /**
     * @param roots class directories and jars, in the order their initializers run
     * @param webappRoot the web app's root, to name roots relative to it, or null
     * @param loader the loader the initializer classes come from
     * @return one instance per declared class, in order
     * @throws WebappException naming the services file and class of an initializer that cannot be made
     */
    static List<ServletContainerInitializer> load(List<Path> roots, Path webappRoot, ClassLoader loader)
            throws WebappException {
        Set<String> seen = new LinkedHashSet<>();
        List<ServletContainerInitializer> initializers = new ArrayList<>();
        for (Path root : roots) {
            String source = (webappRoot != null && root.startsWith(webappRoot) ? webappRoot.relativize(root) : root)
                    + "!/" + SERVICE;
            for (String className : classNames(root, source)) {
                if (seen.add(className)) {
                    initializers.add(instantiate(className, source, loader));
                }
            }
        }
        return List.copyOf(initializers);
    }

    private static List<String> classNames(Path root, String source) throws WebappException {
        try {
            if (Files.isDirectory(root)) {
                Path file = root.resolve(SERVICE);
                return Files.isRegularFile(file) ? read(Files.newInputStream(file)) : List.of();
            }
            try (JarFile jar = new JarFile(root.toFile())) {
                var entry = jar.getEntry(SERVICE);
                return entry == null ? List.of() : read(jar.getInputStream(entry));
            }
        } catch (IOException e) {
            throw new WebappException(source + ": cannot read: " + e, e);
        }
    }

    private static List<String> read(InputStream in) throws IOException {
        List<String> names = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int hash = line.indexOf('#');
                String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static ServletContainerInitializer instantiate(String className, String source, ClassLoader loader)
            throws WebappException {
        try {
            Class<?> type = Class.forName(className, true, loader);
            if (!ServletContainerInitializer.class.isAssignableFrom(type)) {
                throw new WebappException(source + ": " + className
                        + ": expected a jakarta.servlet.ServletContainerInitializer");
            }
            return (ServletContainerInitializer) type.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new WebappException(source + ": " + className + ": cannot instantiate: " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            throw new WebappException(source + ": " + className + ": cannot instantiate: " + e, e);
        }
    }
}
