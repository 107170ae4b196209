package dev.jgu.adapters.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The Servlet 6 URI path canonicalization (spec 3.5.2) of a request's raw path: path parameters
 * ({@code ;jsessionid=...}) removed from each segment, each segment percent-decoded as UTF-8,
 * {@code .} segments dropped and {@code ..} segments resolved. A path that would leave the root,
 * or whose decoded segment holds a {@code /}, a backslash, NUL or another control, is rejected
 * (the request gets 400): these are how traversal and filter bypasses are smuggled past
 * security checks.
 */
final class CanonicalPath {

    private CanonicalPath() {
    }

    /** A path that cannot be made canonical; the message says why. */
    static final class BadPath extends Exception {
        BadPath(String message) {
            super(message);
        }
    }

    /**
     * @param raw the path as received, still percent-encoded, starting with {@code /} (or {@code *})
     * @return the canonical decoded path, starting with {@code /}
     * @throws BadPath when it cannot be canonical
     */
    static String of(String raw) throws BadPath {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            throw new BadPath("the path must start with /: " + raw);
        }
        Deque<String> segments = new ArrayDeque<>();
        int start = 1;
        String segment = "";
        while (start <= raw.length()) {
            int end = raw.indexOf('/', start);
            if (end < 0) {
                end = raw.length();
            }
            segment = raw.substring(start, end);
            int semi = segment.indexOf(';');
            if (semi >= 0) {
                segment = segment.substring(0, semi);
            }
            segment = decode(segment);
            switch (segment) {
                case "", "." -> { }
                case ".." -> {
                    if (segments.isEmpty()) {
                        throw new BadPath("the path leaves the root: " + raw);
                    }
                    segments.removeLast();
                }
                default -> segments.addLast(segment);
            }
            start = end + 1;
        }
        boolean trailingSlash = segment.isEmpty() || segment.equals(".") || segment.equals("..");
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (String s : segments) {
            out.append('/').append(s);
        }
        if (trailingSlash) {
            out.append('/');
        }
        return out.toString();
    }

    private static String decode(String segment) throws BadPath {
        if (segment.indexOf('%') < 0) {
            check(segment);
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    throw new BadPath("a truncated %-escape in " + segment);
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new BadPath("a bad %-escape in " + segment);
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        String decoded = bytes.toString(StandardCharsets.UTF_8);
        if (decoded.indexOf('/') >= 0) {
            throw new BadPath("an encoded / (%2F) in the path segment " + segment);
        }
        check(decoded);
        return decoded;
    }

    private static void check(String segment) throws BadPath {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == '\uFFFD') {
                throw new BadPath("a control character, backslash or invalid UTF-8 in the path segment " + segment);
            }
        }
    }
}
