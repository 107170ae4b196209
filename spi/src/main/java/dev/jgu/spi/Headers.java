package dev.jgu.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An ordered, multi-valued collection of HTTP header fields whose names compare
 * case-insensitively (ASCII only, as RFC 9110 §5.1 says). Insertion order is kept,
 * and so is the spelling of each name as it was added.
 *
 * <p>Not thread-safe.
 */
public final class Headers {

    private String[] names;
    private String[] values;
    private int size;
    private boolean locked;

    /** Creates an empty collection. */
    public Headers() {
        this(8);
    }

    /**
     * Creates an empty collection with room for {@code capacity} fields.
     *
     * @param capacity the expected number of fields
     */
    public Headers(int capacity) {
        names = new String[Math.max(capacity, 1)];
        values = new String[names.length];
    }

    /**
     * Appends a field, keeping any earlier ones of the same name.
     *
     * @param name the field name
     * @param value the field value
     * @return this collection
     */
    public Headers add(String name, String value) {
        checkUnlocked();
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
        return this;
    }

    /**
     * Replaces every field of this name with one field.
     *
     * @param name the field name
     * @param value the field value
     * @return this collection
     */
    public Headers set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /**
     * Removes every field of this name.
     *
     * @param name the field name
     * @return whether any field was removed
     */
    public boolean remove(String name) {
        checkUnlocked();
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!names[i].equalsIgnoreCase(name)) {
                names[kept] = names[i];
                values[kept] = values[i];
                kept++;
            }
        }
        boolean removed = kept != size;
        Arrays.fill(names, kept, size, null);
        Arrays.fill(values, kept, size, null);
        size = kept;
        return removed;
    }

    /**
     * The value of the first field of this name.
     *
     * @param name the field name
     * @return its value, or {@code null} when absent
     */
    public String get(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    /**
     * Every value of this name, in order.
     *
     * @param name the field name
     * @return the values; empty when absent
     */
    public List<String> all(String name) {
        List<String> found = null;
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(values[i]);
            }
        }
        return found == null ? List.of() : Collections.unmodifiableList(found);
    }

    /**
     * Whether a field of this name is present.
     *
     * @param name the field name
     * @return true when present
     */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * The distinct names, in first-seen order and spelling.
     *
     * @return the names
     */
    public Set<String> names() {
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            boolean dup = false;
            for (String s : seen) {
                if (s.equalsIgnoreCase(names[i])) {
                    dup = true;
                    break;
                }
            }
            if (!dup) {
                seen.add(names[i]);
            }
        }
        return seen;
    }

    /**
     * The name of field {@code index}.
     *
     * @param index from 0 to {@link #size()} - 1
     * @return the name as added
     */
    public String name(int index) {
        checkIndex(index);
        return names[index];
    }

    /**
     * The value of field {@code index}.
     *
     * @param index from 0 to {@link #size()} - 1
     * @return the value
     */
    public String value(int index) {
        checkIndex(index);
        return values[index];
    }

    /**
     * Calls {@code action} with each field, in order.
     *
     * @param action receives name and value
     */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(names[i], values[i]);
        }
    }

    /**
     * The number of fields, counting repeated names.
     *
     * @return the number of fields
     */
    public int size() {
        return size;
    }

    /**
     * Whether there are no fields.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Removes every field. */
    public void clear() {
        checkUnlocked();
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
    }

    /**
     * Makes this collection read-only from now on: {@link #add}, {@link #set}, {@link #remove}
     * and {@link #clear} then throw {@link IllegalStateException}. The server locks a
     * response's fields once it sent them, so a late change fails instead of going nowhere.
     */
    public void lock() {
        locked = true;
    }

    /** @return whether {@link #lock()} was called */
    public boolean locked() {
        return locked;
    }

    private void checkUnlocked() {
        if (locked) {
            throw new IllegalStateException("header fields are locked: the response head was already sent");
        }
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("header index " + index + " of " + size);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i]).append(": ").append(values[i]);
        }
        return sb.append('}').toString();
    }
}
