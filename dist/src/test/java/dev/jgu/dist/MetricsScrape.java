package dev.jgu.dist;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** jgu's metrics endpoint as a test reads it: its address from the log, and a scrape as name{labels} -> value. */
final class MetricsScrape {

    private static final Pattern ADDRESS = Pattern.compile("metrics endpoint: address=(\\S+)");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)$");

    private MetricsScrape() {
    }

    /** The address the arbiter logged for {@code metrics_bind}, with the real port. */
    static String address(JguProcess jgu) {
        jgu.awaitLog("metrics endpoint: address=", 1, Bounds.DEFAULTS.boot());
        Matcher m = ADDRESS.matcher(jgu.log());
        if (!m.find()) {
            throw new AssertionError("no metrics endpoint line in:\n" + jgu.log());
        }
        return m.group(1);
    }

    /** One scrape in the Prometheus text format; every sample line must parse. */
    static Map<String, Double> scrape(String address) throws IOException {
        HttpProbe.Reply reply = HttpProbe.get(address, "/metrics");
        if (reply.status() != 200 || !reply.head().contains("text/plain; version=0.0.4")) {
            throw new AssertionError("scrape of " + address + ": " + reply.head());
        }
        return parse(reply.body());
    }

    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a sample line: " + line + "\nin:\n" + text);
            }
            samples.put(m.group(1), Double.parseDouble(m.group(2).replace("+Inf", "Infinity")));
        }
        return samples;
    }

    /** Scrapes until {@code sample} has {@code expected}. */
    static Map<String, Double> awaitSample(String address, String sample, double expected, Duration bound) {
        @SuppressWarnings("unchecked")
        Map<String, Double>[] last = new Map[1];
        JguProcess.await(() -> {
            try {
                last[0] = scrape(address);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return Double.valueOf(expected).equals(last[0].get(sample));
        }, bound, () -> sample + " = " + expected + " in " + last[0]);
        return last[0];
    }
}
