package dev.jgu.adapters.servlet.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.adapters.servlet.webapp.FragmentOrder.Fragment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FragmentOrderTest {

    /** @param spec "jar:name:before1,before2:after1" with {@code others} for {@code <others/>}, name "-" for none */
    private static Fragment fragment(String spec) throws WebappException {
        String[] parts = (spec + "::::").split(":", -1);
        Path jar = Path.of("/app/WEB-INF/lib/" + parts[0] + ".jar");
        if (parts[1].isEmpty()) {
            return new Fragment(jar, null);
        }
        StringBuilder xml = new StringBuilder("<web-fragment>");
        if (!parts[1].equals("-")) {
            xml.append("<name>").append(parts[1]).append("</name>");
        }
        if (!parts[2].isEmpty() || !parts[3].isEmpty()) {
            xml.append("<ordering>").append(names("before", parts[2])).append(names("after", parts[3]))
                    .append("</ordering>");
        }
        return new Fragment(jar, WebXmlTest.fragment(xml.append("</web-fragment>").toString()));
    }

    private static String names(String element, String list) {
        if (list.isEmpty()) {
            return "";
        }
        StringBuilder xml = new StringBuilder("<" + element + ">");
        for (String name : list.split(",")) {
            xml.append(name.equals("others") ? "<others/>" : "<name>" + name + "</name>");
        }
        return xml.append("</").append(element).append(">").toString();
    }

    private static List<String> order(List<String> absolute, String... specs) throws WebappException {
        List<Fragment> fragments = new ArrayList<>();
        for (String spec : specs) {
            fragments.add(fragment(spec));
        }
        return FragmentOrder.order(fragments, absolute).stream()
                .map(f -> f.jar().getFileName().toString().replace(".jar", "")).toList();
    }

    @Test
    void keepsJarNameOrderWithoutAnyOrdering() throws Exception {
        assertEquals(List.of("a", "b", "c"), order(null, "a:x", "b", "c:-"));
    }

    @Test
    void absoluteOrderingPlacesOthersWhereItSays() throws Exception {
        assertEquals(List.of("c", "a", "d", "b"),
                order(List.of("C", WebXml.OTHERS, "B"), "a:A", "b:B", "c:C", "d"));
    }

    @Test
    void absoluteOrderingWithoutOthersLeavesUnnamedJarsOut() throws Exception {
        assertEquals(List.of("b", "a"), order(List.of("B", "A", "Missing"), "a:A", "b:B", "c:C", "d"));
    }

    @Test
    void relativeOrderingHonoursBeforeAndAfter() throws Exception {
        // a wants to follow c, b wants to follow a: the only order is c, a, b.
        assertEquals(List.of("c", "a", "b"), order(null, "a:A::C", "b:B::A", "c:C"));
        // b wants to precede a, a to precede c.
        assertEquals(List.of("b", "a", "c"), order(null, "a:A:C", "b:B:A", "c:C"));
    }

    @Test
    void relativeOrderingPutsBeforeOthersFirstAndAfterOthersLast() throws Exception {
        assertEquals(List.of("d", "b", "c", "a"), order(null, "a:A::others", "b:B", "c", "d:D:others"));
    }

    @Test
    void namedConstraintsHoldWithinTheOthersGroups() throws Exception {
        // Both want to go first; y also wants to go after x.
        assertEquals(List.of("x", "y", "m"), order(null, "m:M", "x:X:others", "y:Y:others:X"));
        assertEquals(List.of("m", "q", "p"), order(null, "m:M", "p:P::others", "q:Q:P:others"));
    }

    @Test
    void aCycleNamesTheFragmentsInIt() {
        WebappException e = assertThrows(WebappException.class,
                () -> order(null, "a:A::B", "b:B::C", "c:C::A", "d:D"));
        assertTrue(e.getMessage().contains("cycle among A (a.jar), B (b.jar), C (c.jar)"), e.getMessage());
        assertTrue(!e.getMessage().contains("D (d.jar)"), e.getMessage());
    }

    @Test
    void refusesTwoFragmentsWithOneName() {
        WebappException e = assertThrows(WebappException.class, () -> order(null, "a:Same", "b:Same"));
        assertTrue(e.getMessage().contains("web-fragment name Same: declared by both a.jar and b.jar"), e.getMessage());
    }

    @Test
    void refusesOthersOnBothSides() {
        WebappException e = assertThrows(WebappException.class, () -> order(null, "a:A:others:others"));
        assertTrue(e.getMessage().contains("<others/> in both <before> and <after>"), e.getMessage());
    }
}
