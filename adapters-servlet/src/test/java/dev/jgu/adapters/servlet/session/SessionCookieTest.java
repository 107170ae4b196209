package dev.jgu.adapters.servlet.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgu.adapters.servlet.session.SessionConfig.SameSite;
import dev.jgu.adapters.servlet.session.SessionConfig.SecureMode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionCookieTest {

    private static final String ID = "AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH";

    private static SessionConfig config(String name, String path, String domain, int maxAge, boolean httpOnly,
            SecureMode secure, SameSite sameSite, Map<String, String> attributes) {
        return new SessionConfig(name, path, domain, maxAge, httpOnly, secure, sameSite, attributes, 1800);
    }

    @Test
    void defaultsGiveAHostOnlyBrowserSessionCookie() {
        SessionConfig defaults = SessionConfig.defaults();
        assertEquals("JSESSIONID=" + ID + "; Path=/shop; HttpOnly; SameSite=Lax",
                SessionCookie.issue(defaults, defaults.cookiePathFor("/shop"), ID, false));
        assertEquals("/", defaults.cookiePathFor(""));
        assertEquals(1800, defaults.maxInactiveInterval());
    }

    @Test
    void secureModeFollowsTheRequestOnlyInAuto() {
        SessionConfig auto = SessionConfig.defaults();
        SessionConfig always = config("JSESSIONID", null, null, -1, true, SecureMode.ALWAYS, SameSite.LAX, Map.of());
        SessionConfig never = config("JSESSIONID", null, null, -1, true, SecureMode.NEVER, SameSite.LAX, Map.of());

        assertEquals("JSESSIONID=" + ID + "; Path=/; Secure; HttpOnly; SameSite=Lax",
                SessionCookie.issue(auto, "/", ID, true));
        assertEquals("JSESSIONID=" + ID + "; Path=/; HttpOnly; SameSite=Lax",
                SessionCookie.issue(auto, "/", ID, false));
        assertEquals("JSESSIONID=" + ID + "; Path=/; Secure; HttpOnly; SameSite=Lax",
                SessionCookie.issue(always, "/", ID, false));
        assertEquals("JSESSIONID=" + ID + "; Path=/; HttpOnly; SameSite=Lax",
                SessionCookie.issue(never, "/", ID, true));
    }

    @Test
    void everyOptionAppearsInItsPlace() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("Partitioned", "");
        extra.put("Priority", "High");
        SessionConfig all = config("SID", "/app", "example.com", 3600, false, SecureMode.AUTO, SameSite.NONE, extra);

        assertEquals("SID=" + ID + "; Path=/app; Domain=example.com; Max-Age=3600; Secure; SameSite=None;"
                + " Partitioned; Priority=High", SessionCookie.issue(all, all.cookiePathFor("/ignored"), ID, true));
        SessionConfig strict = config("SID", null, null, 0, true, SecureMode.NEVER, SameSite.STRICT, Map.of());
        assertEquals("SID=" + ID + "; Path=/; Max-Age=0; HttpOnly; SameSite=Strict",
                SessionCookie.issue(strict, "/", ID, false));
        SessionConfig none = config("SID", null, null, -1, false, SecureMode.NEVER, null, Map.of());
        assertEquals("SID=" + ID + "; Path=/", SessionCookie.issue(none, "/", ID, false));
    }

    @Test
    void expiringCookieHasNoValueAndLiesInThePast() {
        SessionConfig config = config("SID", null, "example.com", 3600, true, SecureMode.AUTO, SameSite.LAX, Map.of());
        assertEquals("SID=; Path=/shop; Domain=example.com; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT;"
                + " Secure; HttpOnly; SameSite=Lax", SessionCookie.expire(config, "/shop", true));
    }

    @Test
    void refusesValuesThatWouldBreakTheHeader() {
        assertThrows(IllegalArgumentException.class,
                () -> config("a b", null, null, -1, true, SecureMode.AUTO, null, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> config("", null, null, -1, true, SecureMode.AUTO, null, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> config("SID", "/; Domain=evil", null, -1, true, SecureMode.AUTO, null, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> config("SID", null, "a\r\nSet-Cookie: x", -1, true, SecureMode.AUTO, null, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> config("SID", null, null, -1, true, SecureMode.AUTO, null, Map.of("path", "/x")));
        assertThrows(IllegalArgumentException.class,
                () -> config("SID", null, null, -1, true, SecureMode.AUTO, null, Map.of("Comment", "a;b")));
        assertThrows(IllegalArgumentException.class, () -> SessionConfig.defaults().cookiePathFor("/a;b"));
    }
}
