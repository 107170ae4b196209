package dev.jgu.adapters.servlet.session;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session ids: 192 random bits from {@link SecureRandom}, as 32 characters of URL-safe base64
 * without padding. Ids are never taken from the client (a client naming its own id is session
 * fixation), so a well-formed id is exactly one this class could have made.
 */
public final class SessionIds {

    /** The length of every id. */
    public static final int LENGTH = 32;

    private static final int BYTES = LENGTH * 3 / 4;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private SessionIds() {
    }

    /** @return a new, unguessable id */
    public static String next() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Checks an id before it names a file or a key: exactly {@link #LENGTH} characters of
     * {@code [A-Za-z0-9_-]}, so that no cookie can name a path ({@code ../x}) or a key pattern.
     *
     * @param id a candidate id, may be null
     * @return whether {@link #next()} could have made it
     */
    public static boolean isWellFormed(String id) {
        if (id == null || id.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
