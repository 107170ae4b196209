package dev.jgu.adapters.servlet.statics;

import java.util.Enumeration;

/** Matching an entity tag against If-Match / If-None-Match / If-Range values (RFC 9110 §8.8.3). */
final class EntityTag {

    private EntityTag() {
    }

    /** @return the strong ETag jgu gives a static resource: {@code "<hex length>-<hex lastModifiedMillis>"} */
    static String of(long length, long lastModified) {
        return "\"" + Long.toHexString(length) + "-" + Long.toHexString(lastModified) + "\"";
    }

    /**
     * Whether any of the field lines lists {@code *} or a tag that matches {@code etag} (a strong
     * tag, quotes included).
     *
     * @param values the field lines of one header
     * @param weak weak comparison (If-None-Match) ignores {@code W/}; strong (If-Match, If-Range)
     *     never matches a weak tag
     */
    static boolean anyMatches(Enumeration<String> values, String etag, boolean weak) {
        while (values.hasMoreElements()) {
            if (listMatches(values.nextElement(), etag, weak)) {
                return true;
            }
        }
        return false;
    }

    /** Walks a list of entity tags; a quoted tag may contain commas, so no split on them. */
    static boolean listMatches(String list, String etag, boolean weak) {
        int i = 0;
        while (i < list.length()) {
            char c = list.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            if (c == '*') {
                return true;
            }
            boolean isWeak = list.startsWith("W/", i);
            int open = isWeak ? i + 2 : i;
            if (open >= list.length() || list.charAt(open) != '"') {
                int comma = list.indexOf(',', i);
                i = comma < 0 ? list.length() : comma + 1; // not an entity-tag: it matches nothing
                continue;
            }
            int close = list.indexOf('"', open + 1);
            if (close < 0) {
                return false;
            }
            boolean sameOpaqueTag = close + 1 - open == etag.length() && list.startsWith(etag, open);
            if (sameOpaqueTag && (weak || !isWeak)) {
                return true;
            }
            i = close + 1;
        }
        return false;
    }
}
