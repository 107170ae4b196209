package dev.jgu.arbiter.ctl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How {@code jgu ctl} shows what {@code status}, {@code workers} and {@code config} return, for people. */
final class CtlText {

    private static final String[] COLUMNS = {"WORKER", "PID", "GEN", "STATE", "REQUESTS", "BUSY", "CONNS", "RSS", "AGE"};

    private CtlText() {
    }

    /** {@code arbiter pid=... generation=...}, then the workers' table. */
    static String status(JsonNode data) {
        StringBuilder out = new StringBuilder();
        out.append("arbiter pid=").append(data.path("arbiter").asLong())
                .append(" generation=").append(data.path("generation").asInt())
                .append(" target=").append(data.path("target").asInt())
                .append(" workers=").append(data.path("workers").size());
        if (data.path("reloading").asBoolean()) {
            out.append(" reloading (serving generation=").append(data.path("serving_generation").asText("none")).append(')');
        }
        return out.append('\n').append(workers(data.path("workers"))).toString();
    }

    /** One row per worker, columns aligned. */
    static String workers(JsonNode workers) {
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS);
        for (JsonNode w : workers) {
            rows.add(new String[] {w.path("worker").asText(), w.path("pid").asText(), w.path("generation").asText(),
                    w.path("state").asText(), w.path("requests").asText(), w.path("busy").asText(), w.path("connections").asText(),
                    rss(w.path("rss_kib").asLong(-1)), age(w.path("age_seconds").asLong())});
        }
        int[] width = new int[COLUMNS.length];
        rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format(Locale.ROOT, "%-" + width[i] + "s", row[i])).append(i < row.length - 1 ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** As {@code --print-config} prints it: {@code name = value    # source}, grouped by section. */
    static String config(JsonNode data) {
        StringBuilder out = new StringBuilder("# running configuration, resolved from ")
                .append(data.path("file").isTextual() ? data.path("file").asText() : "no config file").append('\n');
        String section = null;
        for (JsonNode s : data.path("settings")) {
            if (!s.path("section").asText().equals(section)) {
                section = s.path("section").asText();
                out.append("\n# ").append(section).append('\n');
            }
            String line = s.path("toml").isTextual() ? s.path("name").asText() + " = " + s.path("toml").asText()
                    : "# " + s.path("name").asText() + " is unset";
            out.append(line).append(" ".repeat(Math.max(1, 48 - line.length()))).append("# ").append(s.path("source").asText()).append('\n');
        }
        return out.toString();
    }

    static String rss(long kib) {
        return kib < 0 ? "-" : String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }

    static String age(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
        }
        if (seconds < 86400) {
            return seconds / 3600 + "h" + String.format(Locale.ROOT, "%02d", seconds / 60 % 60) + "m";
        }
        return seconds / 86400 + "d" + String.format(Locale.ROOT, "%02d", seconds / 3600 % 24) + "h";
    }
}
