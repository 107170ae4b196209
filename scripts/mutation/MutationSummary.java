import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints a table of PIT's mutations.xml: mutants, killed (PIT's "detected": killed, timed out, memory or run
 * error) and the kill rate per class, then the total; with --survivors, every surviving or uncovered mutant of
 * the classes named after it. Run as a single-file program: java MutationSummary.java mutations.xml [--survivors A B].
 */
public final class MutationSummary {

    private static final Pattern MUTATION = Pattern.compile("<mutation [^>]*detected='(true|false)'[^>]*status='([A-Z_]+)'[^>]*>(.*?)</mutation>", Pattern.DOTALL);

    public static void main(String[] args) throws Exception {
        String xml = Files.readString(Path.of(args[0]));
        java.util.Set<String> survivorsOf = new java.util.HashSet<>();
        for (int i = 2; i < args.length; i++) {
            survivorsOf.add(args[i]);
        }
        Map<String, int[]> byClass = new TreeMap<>();
        StringBuilder survivors = new StringBuilder();
        Matcher m = MUTATION.matcher(xml);
        while (m.find()) {
            String body = m.group(3);
            String mutated = field(body, "mutatedClass");
            String outer = mutated.contains("$") ? mutated.substring(0, mutated.indexOf('$')) : mutated;
            String simple = outer.substring(outer.lastIndexOf('.') + 1);
            int[] counts = byClass.computeIfAbsent(simple, k -> new int[2]);
            counts[0]++;
            if (m.group(1).equals("true")) {
                counts[1]++;
            } else if (survivorsOf.contains(simple)) {
                survivors.append(String.format("%-10s %s:%s %s.%s: %s%n", m.group(2), field(body, "sourceFile"),
                        field(body, "lineNumber"), mutated.substring(mutated.lastIndexOf('.') + 1), field(body, "mutatedMethod"),
                        field(body, "description")));
            }
        }
        int total = 0;
        int killed = 0;
        System.out.printf("%-28s %8s %8s %7s%n", "class", "mutants", "killed", "rate");
        for (Map.Entry<String, int[]> e : byClass.entrySet()) {
            int[] c = e.getValue();
            total += c[0];
            killed += c[1];
            System.out.printf("%-28s %8d %8d %6.1f%%%n", e.getKey(), c[0], c[1], 100.0 * c[1] / c[0]);
        }
        System.out.printf("%-28s %8d %8d %6.1f%%%n", "TOTAL", total, killed, total == 0 ? 0 : 100.0 * killed / total);
        if (!survivors.isEmpty()) {
            System.out.println();
            System.out.print(survivors);
        }
    }

    private static String field(String body, String name) {
        Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(body);
        return m.find() ? m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&apos;", "'").replace("&quot;", "\"") : "";
    }
}
