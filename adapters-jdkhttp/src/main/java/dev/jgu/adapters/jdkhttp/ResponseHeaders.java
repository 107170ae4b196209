package dev.jgu.adapters.jdkhttp;

import com.sun.net.httpserver.Headers;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * An exchange's response headers: mutable until {@code sendResponseHeaders}, then locked, so a
 * change that could no longer reach the client fails ({@link IllegalStateException}) instead of
 * going nowhere, as it silently does in the JDK's server.
 */
final class ResponseHeaders extends Headers {

    private volatile boolean locked;

    void lock() {
        locked = true;
    }

    private void check() {
        if (locked) {
            throw new IllegalStateException("response headers already sent (sendResponseHeaders was called): too late to change them");
        }
    }

    @Override
    public List<String> put(String key, List<String> value) {
        check();
        return super.put(key, value);
    }

    @Override
    public void add(String key, String value) {
        check();
        super.add(key, value);
    }

    @Override
    public void set(String key, String value) {
        check();
        super.set(key, value);
    }

    @Override
    public List<String> remove(Object key) {
        check();
        return super.remove(key);
    }

    @Override
    public void putAll(Map<? extends String, ? extends List<String>> t) {
        check();
        super.putAll(t);
    }

    @Override
    public void clear() {
        check();
        super.clear();
    }

    @Override
    public void replaceAll(BiFunction<? super String, ? super List<String>, ? extends List<String>> function) {
        check();
        super.replaceAll(function);
    }

    @Override
    public List<String> get(Object key) {
        List<String> values = super.get(key);
        return locked && values != null ? Collections.unmodifiableList(values) : values;
    }

    @Override
    public Set<String> keySet() {
        return locked ? Collections.unmodifiableSet(super.keySet()) : super.keySet();
    }

    @Override
    public Collection<List<String>> values() {
        return locked ? Collections.unmodifiableCollection(super.values()) : super.values();
    }

    @Override
    public Set<Map.Entry<String, List<String>>> entrySet() {
        if (!locked) {
            return super.entrySet();
        }
        Map<String, List<String>> view = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : super.entrySet()) {
            view.put(e.getKey(), Collections.unmodifiableList(e.getValue()));
        }
        return Collections.unmodifiableMap(view).entrySet();
    }
}
