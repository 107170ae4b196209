package dev.jgu.protocol;

import dev.jgu.spi.WorkerClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Finds worker classes: by the name they declare through {@link ServiceLoader}
 * ({@code -k sync}), or by fully-qualified class name ({@code -k com.example.MyWorker}).
 */
public final class WorkerClasses {

    private WorkerClasses() {
    }

    /**
     * Every worker class the loader can see through {@code META-INF/services}.
     *
     * @param loader where to look
     * @return the instances, in discovery order
     */
    public static List<WorkerClass> available(ClassLoader loader) {
        List<WorkerClass> found = new ArrayList<>();
        ServiceLoader.load(WorkerClass.class, loader).forEach(found::add);
        return found;
    }

    /**
     * The names of the available worker classes, sorted.
     *
     * @param loader where to look
     * @return the names
     */
    public static List<String> names(ClassLoader loader) {
        TreeSet<String> names = new TreeSet<>();
        available(loader).forEach(w -> names.add(w.name()));
        return List.copyOf(names);
    }

    /**
     * Finds a worker class by declared name or class name.
     *
     * @param name the {@code worker_class} setting
     * @param loader where to look
     * @return the worker class, or empty when nothing answers to that name
     * @throws IllegalArgumentException when a class of that name exists but is not a usable worker class
     */
    public static Optional<WorkerClass> find(String name, ClassLoader loader) {
        for (WorkerClass w : available(loader)) {
            if (w.name().equals(name)) {
                return Optional.of(w);
            }
        }
        if (!name.contains(".")) {
            return Optional.empty();
        }
        Class<?> type;
        try {
            type = Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        if (!WorkerClass.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("worker_class: " + name + " does not implement " + WorkerClass.class.getName());
        }
        try {
            return Optional.of((WorkerClass) type.getConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException("worker_class: cannot construct " + name + ": " + e, e);
        }
    }
}
