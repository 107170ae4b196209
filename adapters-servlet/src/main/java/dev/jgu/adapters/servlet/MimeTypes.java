package dev.jgu.adapters.servlet;

import java.util.Locale;
import java.util.Map;

/** The MIME types of the file extensions web apps serve most, before the JDK's own guess. */
final class MimeTypes {

    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("css", "text/css"),
            Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"), Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain"), Map.entry("xml", "application/xml"), Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"),
            Map.entry("ico", "image/vnd.microsoft.icon"), Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"), Map.entry("otf", "font/otf"), Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"), Map.entry("wasm", "application/wasm"),
            Map.entry("map", "application/json"), Map.entry("csv", "text/csv"), Map.entry("md", "text/markdown"),
            Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"), Map.entry("mp3", "audio/mpeg"));

    private MimeTypes() {
    }

    /** @return the type for the file's extension, or null */
    static String of(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? null : KNOWN.get(file.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
