package dev.jgu.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProcessTitleTest {

    @Test
    void titlesNameTheRoleTheWorkerNumberAndTheName() {
        assertEquals("jgu: arbiter [shop]", ProcessTitle.arbiter("shop"));
        assertEquals("jgu: worker 3 [shop]", ProcessTitle.worker(3, "shop"));
    }

    @Test
    void theNameIsProcNameElseTheApp() {
        assertEquals("web", ProcessTitle.name("web", "com.example.App"));
        assertEquals("com.example.App", ProcessTitle.name(null, "com.example.App"));
    }

    @Test
    void theTaskNameKeepsTheWholeWordsThatFitFifteenBytes() {
        assertEquals("jgu: worker 3", ProcessTitle.comm("jgu: worker 3 [shop]"));
        assertEquals("jgu: worker 123", ProcessTitle.comm("jgu: worker 123 [shop]"));
        assertEquals("jgu: worker", ProcessTitle.comm("jgu: worker 12345 [shop]"));
        assertEquals("jgu: arbiter", ProcessTitle.comm("jgu: arbiter [shop]"));
        assertEquals("short", ProcessTitle.comm("short"));
        assertEquals("abcdefghijklmno", ProcessTitle.comm("abcdefghijklmnopqrstuvwxyz"));
        // 14 ASCII bytes then a 2-byte character: cut before it, never inside it
        assertEquals("abcdefghijklmn", ProcessTitle.comm("abcdefghijklmné"));
    }
}
