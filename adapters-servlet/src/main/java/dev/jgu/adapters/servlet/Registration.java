package dev.jgu.adapters.servlet;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What servlet and filter registrations share: a name, a class, init parameters and whether it
 * supports async. Changes are refused once the context has started, as the spec says.
 */
abstract class Registration implements jakarta.servlet.Registration.Dynamic {

    final JguServletContext context;
    final String name;
    String className;
    final Map<String, String> initParams = new LinkedHashMap<>();
    boolean asyncSupported;

    Registration(JguServletContext context, String name, String className) {
        this.context = context;
        this.name = name;
        this.className = className;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getClassName() {
        return className;
    }

    @Override
    public boolean setInitParameter(String name, String value) {
        Objects.requireNonNull(name, "init parameter name");
        Objects.requireNonNull(value, "init parameter value");
        context.checkNotStarted("setInitParameter");
        return initParams.putIfAbsent(name, value) == null;
    }

    @Override
    public String getInitParameter(String name) {
        return initParams.get(name);
    }

    @Override
    public Set<String> setInitParameters(Map<String, String> params) {
        context.checkNotStarted("setInitParameters");
        Set<String> conflicts = new HashSet<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            Objects.requireNonNull(e.getKey(), "init parameter name");
            Objects.requireNonNull(e.getValue(), "init parameter value for " + e.getKey());
            if (initParams.containsKey(e.getKey())) {
                conflicts.add(e.getKey());
            }
        }
        if (conflicts.isEmpty()) {
            initParams.putAll(params);
        }
        return conflicts;
    }

    @Override
    public Map<String, String> getInitParameters() {
        return Collections.unmodifiableMap(initParams);
    }

    @Override
    public void setAsyncSupported(boolean isAsyncSupported) {
        context.checkNotStarted("setAsyncSupported");
        this.asyncSupported = isAsyncSupported;
    }
}
