package dev.jgu.adapters.servlet;

import jakarta.servlet.ServletException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The web app's error pages (spec 10.9.2): by exception type, walking up the class hierarchy, then by status, then the default page. */
final class ErrorPages {

    private final Map<String, String> byException = new LinkedHashMap<>();
    private final Map<Integer, String> byStatus = new HashMap<>();
    private String defaultPage;

    void add(int status, String exceptionType, String location) {
        if (exceptionType != null) {
            byException.putIfAbsent(exceptionType, location);
        } else if (status > 0) {
            byStatus.putIfAbsent(status, location);
        } else if (defaultPage == null) {
            defaultPage = location;
        }
    }

    /**
     * @param failure what the servlet threw
     * @return the page for it or, when none matches, for the root cause of a ServletException; null when none
     */
    String forException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t instanceof ServletException se ? se.getRootCause() : null) {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                String page = byException.get(c.getName());
                if (page != null) {
                    return page;
                }
            }
        }
        return null;
    }

    /**
     * @param status the status of the error
     * @return its page, else the default page, else null
     */
    String forStatus(int status) {
        String page = byStatus.get(status);
        return page != null ? page : defaultPage;
    }
}
