package dev.jgu.adapters.servlet.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResourcePathTest {

    @Test
    void normalizesDotsAndEmptySegments() {
        assertEquals("/", ResourcePath.normalize("/"));
        assertEquals("/a/b.txt", ResourcePath.normalize("/a/./b.txt"));
        assertEquals("/b.txt", ResourcePath.normalize("/a/../b.txt"));
        assertEquals("/a/b/", ResourcePath.normalize("//a//b/"));
        assertEquals("/a/", ResourcePath.normalize("/a/b/.."));
        assertEquals("/a/", ResourcePath.normalize("/a/."));
        assertEquals("/", ResourcePath.normalize("/a/.."));
    }

    @Test
    void refusesClimbingAboveRootAndOddCharacters() {
        assertNull(ResourcePath.normalize("/.."));
        assertNull(ResourcePath.normalize("/a/../../b"));
        assertNull(ResourcePath.normalize("/a\\b"));
        assertNull(ResourcePath.normalize("/a\0.txt"));
    }

    @Test
    void protectsWebInfAndMetaInfInEverySpelling() {
        for (String path : new String[] {"/WEB-INF/", "/WEB-INF", "/web-inf/x", "/WEB-INF./x", "/WEB-INF ./x",
            "/WEB-INF;a=b/x", "/WEB-INF::$DATA", "/WEB-IN~1/x", "/META-INF/x", "/Meta-Inf", "/META-I~1"}) {
            assertTrue(ResourcePath.isProtected(path), path);
        }
        for (String path : new String[] {"/", "/WEB-INFO/x", "/a/WEB-INF/x", "/web-inf.txt", "/META-INF-x/"}) {
            assertFalse(ResourcePath.isProtected(path), path);
        }
    }
}
