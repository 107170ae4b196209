package dev.jgu.adapters.servlet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** {@code Accept-Language} (RFC 9110 12.5.4) as the locales a request prefers, best first. */
final class AcceptLanguage {

    private AcceptLanguage() {
    }

    private record Weighted(Locale locale, double q, int order) {
    }

    /**
     * @param fields the field values
     * @return the locales by descending weight, ties in field order; the server's default locale when none
     */
    static List<Locale> parse(List<String> fields) {
        List<Weighted> found = new ArrayList<>();
        for (String field : fields) {
            for (String item : field.split(",")) {
                String[] parts = item.trim().split(";");
                String tag = parts[0].trim();
                if (tag.isEmpty() || tag.equals("*")) {
                    continue;
                }
                double q = 1.0;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim();
                    if (p.startsWith("q=")) {
                        try {
                            q = Double.parseDouble(p.substring(2));
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                if (q > 0) {
                    found.add(new Weighted(Locale.forLanguageTag(tag), q, found.size()));
                }
            }
        }
        if (found.isEmpty()) {
            return List.of(Locale.getDefault());
        }
        found.sort(Comparator.comparingDouble(Weighted::q).reversed().thenComparingInt(Weighted::order));
        return found.stream().map(Weighted::locale).toList();
    }
}
