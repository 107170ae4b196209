package dev.jgu.adapters.servlet.statics;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The path of a static resource inside the web app, normalised ({@code .}, {@code ..} and empty
 * segments resolved), and the rule that keeps {@code /WEB-INF/} and {@code /META-INF/} private
 * (Servlet 6.1 §10.5).
 */
final class ResourcePath {

    private ResourcePath() {
    }

    /**
     * @param path the decoded path, e.g. servlet path + path info
     * @return the normalised path, starting with {@code /} and ending with one when {@code path}
     *     does; null when it climbs above the root or holds a backslash or a NUL (both mean
     *     something else to some file systems)
     */
    static String normalize(String path) {
        if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            return null;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.pollLast() == null) {
                    return null;
                }
            } else {
                segments.addLast(segment);
            }
        }
        StringBuilder normalized = new StringBuilder();
        for (String segment : segments) {
            normalized.append('/').append(segment);
        }
        boolean directory = path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..") || path.equals("..");
        if (normalized.isEmpty() || directory) {
            normalized.append('/');
        }
        return normalized.toString();
    }

    /**
     * Whether a normalised path is in {@code /WEB-INF} or {@code /META-INF}, in any case and in the
     * spellings a file system may equate with them: trailing dots and spaces (Windows drops them),
     * a path parameter ({@code ;jsessionid=...}) or an NTFS stream suffix ({@code ::$DATA}).
     */
    static boolean isProtected(String normalized) {
        int end = normalized.indexOf('/', 1);
        String first = normalized.substring(1, end < 0 ? normalized.length() : end);
        int cut = indexOfAny(first, ";:");
        if (cut >= 0) {
            first = first.substring(0, cut);
        }
        first = stripTrailingDotsAndSpaces(first).toUpperCase(Locale.ROOT);
        return first.equals("WEB-INF") || first.equals("META-INF")
                || first.startsWith("WEB-IN~") || first.startsWith("META-I~"); // Windows 8.3 short names
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String stripTrailingDotsAndSpaces(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == ' ')) {
            end--;
        }
        return text.substring(0, end);
    }

    /** @return the last segment, for the MIME type lookup */
    static String name(String normalized) {
        return normalized.substring(normalized.lastIndexOf('/') + 1);
    }
}
