package dev.jgu.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gunicorn's request corpus, read in place from {@code jgu.conformance.dir} (never copied into
 * the repository). See the corpus README for the escape rules and the JSON schema.
 */
final class Corpus {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One {@code .http} case with its expectation. */
    record Case(String name, boolean valid, byte[] wire, JsonNode expected) {

        JsonNode config() {
            return expected.path("config");
        }

        @Override
        public String toString() {
            return (valid ? "valid/" : "invalid/") + name;
        }
    }

    private Corpus() {
    }

    /** @return the corpus directory, or null when this checkout has none */
    static Path directory() {
        String base = System.getProperty("jgu.conformance.dir", "../../shared/conformance");
        Path dir = Path.of(base).resolve("gunicorn-requests");
        return Files.isDirectory(dir) ? dir : null;
    }

    static List<Case> load(Path dir) {
        List<Case> cases = new ArrayList<>();
        for (String set : List.of("valid", "invalid")) {
            try (Stream<Path> files = Files.list(dir.resolve(set))) {
                for (Path http : files.filter(p -> p.toString().endsWith(".http")).sorted().toList()) {
                    String name = http.getFileName().toString().replaceAll("\\.http$", "");
                    JsonNode json = JSON.readTree(http.resolveSibling(name + ".json").toFile());
                    cases.add(new Case(name, set.equals("valid"), decode(Files.readAllBytes(http)), json));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cases;
    }

    /** The corpus README's seven steps, in order, over the whole file. */
    static byte[] decode(byte[] file) {
        ByteArrayOutputStream noLf = new ByteArrayOutputStream(file.length);
        for (byte b : file) {
            if (b != '\n') {
                noLf.write(b);
            }
        }
        byte[] s = noLf.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length);
        for (int i = 0; i < s.length; i++) {
            if (s[i] != '\\') {
                out.write(s[i]);
                continue;
            }
            if (startsWith(s, i, "\\r\\n")) {
                out.write('\r');
                out.write('\n');
                i += 3;
            } else if (startsWith(s, i, "\\0")) {
                out.write(0);
                i += 1;
            } else if (startsWith(s, i, "\\n")) {
                out.write('\n');
                i += 1;
            } else if (startsWith(s, i, "\\t")) {
                out.write('\t');
                i += 1;
            } else if (i + 3 < s.length && s[i + 1] == 'x' && ByteClass.hex(s[i + 2]) >= 0
                    && ByteClass.hex(s[i + 3]) >= 0) {
                out.write(ByteClass.hex(s[i + 2]) << 4 | ByteClass.hex(s[i + 3]));
                i += 3;
            } else {
                throw new IllegalArgumentException("stray backslash at byte " + i);
            }
        }
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] s, int i, String p) {
        if (i + p.length() > s.length) {
            return false;
        }
        for (int k = 0; k < p.length(); k++) {
            if (s[i + k] != p.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Maps a case's {@code config} block to our settings (same names, text values). */
    static HttpConfig config(JsonNode config) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String text;
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(x -> items.add(x.asText()));
                text = String.join(",", items);
            } else if (e.getKey().equals("proxy_protocol") && v.isBoolean()) {
                text = v.asBoolean() ? "auto" : "off";
            } else {
                text = v.asText();
            }
            settings.put(e.getKey(), text);
        }
        return Parsing.config(settings);
    }
}
