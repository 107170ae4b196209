package dev.jgu.adapters.servlet.webapp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Orders the jars of {@code WEB-INF/lib} as Servlet spec 8.2.2 says: by web.xml's {@code
 * absolute-ordering} when it has one (jars it does not name, and no {@code <others/>} covers, are
 * left out), else by the fragments' relative {@code before}/{@code after}, else by name.
 */
final class FragmentOrder {

    /**
     * A jar of {@code WEB-INF/lib} and its {@code web-fragment.xml}.
     *
     * @param jar the jar
     * @param xml its fragment, or null when it has none
     */
    record Fragment(Path jar, WebXml xml) {
        String name() {
            return xml == null ? null : xml.fragmentName();
        }

        String label() {
            String file = jar.getFileName().toString();
            return name() == null ? file : name() + " (" + file + ")";
        }
    }

    private FragmentOrder() {
    }

    /**
     * @param fragments every jar, in name order
     * @param absoluteOrdering web.xml's {@code absolute-ordering}, or null
     * @return the jars that take part, in order
     * @throws WebappException when two fragments share a name or the relative ordering has a cycle
     */
    static List<Fragment> order(List<Fragment> fragments, List<String> absoluteOrdering) throws WebappException {
        Map<String, Fragment> byName = new HashMap<>();
        for (Fragment f : fragments) {
            if (f.name() != null && byName.putIfAbsent(f.name(), f) != null) {
                throw new WebappException("web-fragment name " + f.name() + ": declared by both "
                        + byName.get(f.name()).jar().getFileName() + " and " + f.jar().getFileName()
                        + ", expected unique names");
            }
        }
        if (absoluteOrdering != null) {
            return absolute(fragments, absoluteOrdering, byName);
        }
        return declared(fragments, null) ? relative(fragments, byName) : fragments;
    }

    /**
     * @return whether web.xml or a fragment declared an ordering (so {@code
     *     jakarta.servlet.context.orderedLibs} is set)
     */
    static boolean declared(List<Fragment> fragments, List<String> absoluteOrdering) {
        return absoluteOrdering != null || fragments.stream().anyMatch(f -> f.xml() != null
                && (!f.xml().before().isEmpty() || !f.xml().after().isEmpty()));
    }

    private static List<Fragment> absolute(List<Fragment> fragments, List<String> ordering,
                                           Map<String, Fragment> byName) {
        List<Fragment> others = new ArrayList<>(fragments);
        ordering.stream().filter(byName::containsKey).forEach(n -> others.remove(byName.get(n)));
        List<Fragment> ordered = new ArrayList<>();
        for (String entry : ordering) {
            if (WebXml.OTHERS.equals(entry)) {
                ordered.addAll(others);
            } else if (byName.containsKey(entry)) {
                ordered.add(byName.get(entry));
            }
        }
        return List.copyOf(ordered);
    }

    /**
     * A topological sort of the before/after edges that, among the fragments free to go next,
     * takes those "before others" first, "after others" last, and otherwise keeps name order.
     */
    private static List<Fragment> relative(List<Fragment> fragments, Map<String, Fragment> byName)
            throws WebappException {
        int n = fragments.size();
        List<Set<Integer>> next = new ArrayList<>();
        int[] incoming = new int[n];
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            next.add(new LinkedHashSet<>());
        }
        for (int i = 0; i < n; i++) {
            WebXml xml = fragments.get(i).xml();
            if (xml == null) {
                rank[i] = 1;
                continue;
            }
            boolean first = xml.before().contains(WebXml.OTHERS);
            boolean last = xml.after().contains(WebXml.OTHERS);
            if (first && last) {
                throw new WebappException(xml.source() + ": <others/> in both <before> and <after>: expected one");
            }
            rank[i] = first ? 0 : last ? 2 : 1;
            for (String name : xml.before()) {
                Fragment other = byName.get(name);
                if (other != null) {
                    next.get(i).add(fragments.indexOf(other));
                }
            }
            for (String name : xml.after()) {
                Fragment other = byName.get(name);
                if (other != null) {
                    next.get(fragments.indexOf(other)).add(i);
                }
            }
        }
        for (Set<Integer> targets : next) {
            targets.forEach(t -> incoming[t]++);
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>(Comparator.<Integer>comparingInt(i -> rank[i])
                .thenComparingInt(i -> i));
        for (int i = 0; i < n; i++) {
            if (incoming[i] == 0) {
                ready.add(i);
            }
        }
        List<Fragment> ordered = new ArrayList<>();
        while (!ready.isEmpty()) {
            int i = ready.poll();
            ordered.add(fragments.get(i));
            for (int t : next.get(i)) {
                if (--incoming[t] == 0) {
                    ready.add(t);
                }
            }
        }
        if (ordered.size() < n) {
            List<String> stuck = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (incoming[i] > 0) {
                    stuck.add(fragments.get(i).label());
                }
            }
            throw new WebappException("web-fragment ordering: cycle among " + String.join(", ", stuck)
                    + ": expected <before>/<after> that can all hold at once");
        }
        return List.copyOf(ordered);
    }
}
