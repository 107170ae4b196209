package dev.jgu.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsdFormatTest {

    @Test
    void writesEachTypeAsGunicornDoes() {
        StatsdFormat plain = new StatsdFormat("", "");
        assertEquals("jgu.requests:1|c", plain.counter("jgu.requests", 1));
        assertEquals("jgu.workers:3|g", plain.gauge("jgu.workers", 3));
        assertEquals("jgu.backlog:7|h", plain.histogram("jgu.backlog", 7));
        assertEquals("jgu.request.duration:12.345|ms", plain.timer("jgu.request.duration", 12_345_678));
        assertEquals("jgu.request.duration:7.050|ms", plain.timer("jgu.request.duration", 7_050_999));
        assertEquals("jgu.request.duration:0.000|ms", plain.timer("jgu.request.duration", 999));
        assertEquals("jgu.request.duration:0.001|ms", plain.timer("jgu.request.duration", 1_000));
        assertEquals("jgu.request.duration:1500.000|ms", plain.timer("jgu.request.duration", 1_500_000_000L));
    }

    @Test
    void joinsThePrefixWithOneDot() {
        assertEquals("myapp.jgu.requests:1|c", new StatsdFormat("myapp", "").counter("jgu.requests", 1));
        assertEquals("myapp.jgu.requests:1|c", new StatsdFormat("myapp.", "").counter("jgu.requests", 1));
        assertEquals("myapp.jgu.requests:1|c", new StatsdFormat("myapp...", "").counter("jgu.requests", 1));
        assertEquals("a.b.jgu.requests:1|c", new StatsdFormat("a.b", "").counter("jgu.requests", 1));
        assertEquals("x.jgu.requests:1|c", new StatsdFormat("x", "").counter("jgu.requests", 1));
        assertEquals("jgu.requests:1|c", new StatsdFormat("..", "").counter("jgu.requests", 1));
        assertEquals("myapp.", new StatsdFormat("myapp", "").prefix());
    }

    @Test
    void appendsDogstatsdTagsToEveryLine() {
        StatsdFormat tagged = new StatsdFormat("web", "env:prod,canary");
        assertEquals("web.jgu.requests:1|c|#env:prod,canary", tagged.counter("jgu.requests", 1));
        assertEquals("web.jgu.workers:2|g|#env:prod,canary", tagged.gauge("jgu.workers", 2));
        assertEquals("web.jgu.request.duration:2.000|ms|#env:prod,canary", tagged.timer("jgu.request.duration", 2_000_000));
    }
}
