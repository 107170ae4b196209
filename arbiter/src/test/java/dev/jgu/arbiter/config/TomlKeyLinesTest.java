package dev.jgu.arbiter.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TomlKeyLinesTest {

    @Test
    void findsTheLineOfEachTopLevelKey() {
        String toml = """
                # a comment with "quotes" and 'apostrophes'
                workers = 4

                bind = [
                  "127.0.0.1:8000", # it's the first
                  "unix:/run/a.sock",
                ]
                timeout = 30 # isn't it
                """;
        assertEquals(Map.of("workers", 2, "bind", 4, "timeout", 8), TomlKeyLines.of(toml));
    }

    @Test
    void multiLineStringsCannotFakeAKey() {
        String toml = """
                access_log_format = \"\"\"
                fake = 1
                \\\"\"\" still inside \"\"\"
                literal = '''
                fake2 = 2'''
                loglevel = "debug"
                """;
        Map<String, Integer> lines = TomlKeyLines.of(toml);
        assertEquals(Map.of("access_log_format", 1, "literal", 4, "loglevel", 6), lines);
    }

    @Test
    void multiLineStringMayEndWithQuotesOfContent() {
        String toml = "a = \"\"\"x\"\"\"\"\"\nb = 1\n";
        assertEquals(Map.of("a", 1, "b", 2), TomlKeyLines.of(toml));
    }

    @Test
    void tableHeadersCountAsTheirKeyAndHideTheirContents() {
        String toml = """
                workers = 2
                [secure_scheme_headers]
                X-Forwarded-Proto = "https"
                [[unknown_array]]
                x = 1
                """;
        assertEquals(Map.of("workers", 1, "secure_scheme_headers", 2, "unknown_array", 4), TomlKeyLines.of(toml));
    }

    @Test
    void dottedQuotedAndInlineTableKeys() {
        String toml = """
                "quoted key" = 1
                dotted.part = 2
                dotted.other = 3
                inline = { a = "}", b = [1, 2] }
                'literal' = 'x'
                after = true
                """;
        assertEquals(Map.of("quoted key", 1, "dotted", 2, "inline", 4, "literal", 5, "after", 6), TomlKeyLines.of(toml));
    }

    @Test
    void windowsLineEndings() {
        assertEquals(Map.of("a", 1, "b", 3), TomlKeyLines.of("a = 1\r\n\r\nb = \"x\"\r\n"));
    }
}
