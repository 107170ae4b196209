package dev.jgu.adapters.servlet;

import jakarta.servlet.SessionCookieConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The session cookie's settings, from web.xml, an initializer, then jgu's settings (which win). */
final class JguSessionCookieConfig implements SessionCookieConfig {

    private final JguServletContext context;
    String name = "JSESSIONID";
    String domain;
    String path;
    boolean httpOnly = true;
    /** null: auto, Secure on secure requests. */
    Boolean secure;
    int maxAge = -1;
    final Map<String, String> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    JguSessionCookieConfig(JguServletContext context) {
        this.context = context;
        attributes.put("SameSite", "Lax");
    }

    @Override
    public void setName(String name) {
        context.checkNotStarted("SessionCookieConfig.setName");
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void setDomain(String domain) {
        context.checkNotStarted("SessionCookieConfig.setDomain");
        this.domain = domain;
    }

    @Override
    public String getDomain() {
        return domain;
    }

    @Override
    public void setPath(String path) {
        context.checkNotStarted("SessionCookieConfig.setPath");
        this.path = path;
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    @Deprecated
    public void setComment(String comment) {
        context.checkNotStarted("SessionCookieConfig.setComment");
    }

    @Override
    @Deprecated
    public String getComment() {
        return null;
    }

    @Override
    public void setHttpOnly(boolean httpOnly) {
        context.checkNotStarted("SessionCookieConfig.setHttpOnly");
        this.httpOnly = httpOnly;
    }

    @Override
    public boolean isHttpOnly() {
        return httpOnly;
    }

    @Override
    public void setSecure(boolean secure) {
        context.checkNotStarted("SessionCookieConfig.setSecure");
        this.secure = secure;
    }

    @Override
    public boolean isSecure() {
        return Boolean.TRUE.equals(secure);
    }

    @Override
    public void setMaxAge(int maxAge) {
        context.checkNotStarted("SessionCookieConfig.setMaxAge");
        this.maxAge = maxAge;
    }

    @Override
    public int getMaxAge() {
        return maxAge;
    }

    @Override
    public void setAttribute(String name, String value) {
        context.checkNotStarted("SessionCookieConfig.setAttribute");
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public String getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Map<String, String> getAttributes() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}
