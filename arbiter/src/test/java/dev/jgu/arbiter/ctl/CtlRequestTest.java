package dev.jgu.arbiter.ctl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verbs and arguments {@code jgu ctl} and the arbiter accept, and the JSON between them. */
class CtlRequestTest {

    private static String refusal(String... words) {
        return assertThrows(CtlRequest.BadRequest.class, () -> CtlRequest.of(List.of(words))).getMessage();
    }

    @Test
    void everyVerbWithoutArgumentsParses() throws Exception {
        for (Verb verb : Verb.values()) {
            if (verb != Verb.SCALE) {
                assertEquals(verb, CtlRequest.of(List.of(verb.word())).verb());
            }
        }
    }

    @Test
    void scaleTakesOnePositiveNumber() throws Exception {
        assertEquals(4, CtlRequest.of(List.of("scale", "4")).workers());
        assertTrue(refusal("scale", "0").contains("expected at least 1 worker, got 0"), refusal("scale", "0"));
        assertTrue(refusal("scale", "-3").contains("got -3"));
        assertEquals("scale: expected a whole number of workers, got 'four'", refusal("scale", "four"));
        assertTrue(refusal("scale").contains("expected one number of workers"));
        assertTrue(refusal("scale", "1", "2").contains("got 2 arguments"));
        assertTrue(refusal("scale", "99999999999").contains("whole number"));
    }

    @Test
    void shutdownIsGracefulUnlessQuick() throws Exception {
        assertFalse(CtlRequest.of(List.of("shutdown")).quick());
        assertFalse(CtlRequest.of(List.of("shutdown", "graceful")).quick());
        assertTrue(CtlRequest.of(List.of("shutdown", "quick")).quick());
        assertTrue(refusal("shutdown", "now").contains("expected graceful or quick"));
    }

    @Test
    void unknownVerbAndStrayArgumentsAreNamed() {
        assertEquals("unknown verb 'restart' (expected one of: status, workers, scale, reload, reopen, reexec, shutdown, config)",
                refusal("restart"));
        assertEquals("reload: takes no arguments, got now", refusal("reload", "now"));
        assertTrue(refusal().startsWith("no verb given"));
    }

    @Test
    void jsonRoundTrips() throws Exception {
        CtlRequest scale = CtlRequest.of(List.of("scale", "3"));
        assertEquals("{\"verb\":\"scale\",\"args\":[\"3\"]}", scale.toJson());
        assertEquals(scale, CtlRequest.fromJson(scale.toJson()));
        assertEquals(scale, CtlRequest.fromJson("{\"verb\":\"scale\",\"args\":[3]}"), "a number is taken as typed");
        assertEquals(Verb.STATUS, CtlRequest.fromJson("{\"verb\":\"status\"}").verb(), "args may be left out");
    }

    @Test
    void malformedJsonIsRefusedWithTheExpectedShape() {
        for (String bad : List.of("", "status", "[1]", "{\"args\":[]}", "{\"verb\":3}", "{\"verb\":\"scale\",\"args\":\"3\"}",
                "{\"verb\":\"scale\",\"args\":[{\"n\":3}]}")) {
            CtlRequest.BadRequest e = assertThrows(CtlRequest.BadRequest.class, () -> CtlRequest.fromJson(bad), bad);
            assertTrue(e.getMessage().contains("verb") || e.getMessage().contains("args"), bad + ": " + e.getMessage());
        }
        assertTrue(assertThrows(CtlRequest.BadRequest.class, () -> CtlRequest.fromJson("{\"verb\":\"scale\",\"args\":[0]}"))
                .getMessage().contains("at least 1"));
    }

    @Test
    void replyJsonRoundTrips() {
        CtlReply ok = CtlReply.ok("workers: target 2 -> 3");
        assertEquals("{\"ok\":true,\"message\":\"workers: target 2 -> 3\"}", ok.toJson());
        assertEquals(ok, CtlReply.fromJson(ok.toJson()));
        CtlReply error = CtlReply.error("no \"quotes\"\nhere");
        assertEquals(error, CtlReply.fromJson(error.toJson()));
        assertFalse(CtlReply.fromJson("garbage").ok());
        assertFalse(CtlReply.fromJson("{\"message\":\"x\"}").ok());
    }
}
