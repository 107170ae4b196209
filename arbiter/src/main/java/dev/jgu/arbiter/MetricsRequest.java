package dev.jgu.arbiter;

import java.nio.charset.StandardCharsets;

/**
 * What the metrics endpoint reads of a request head: the method, the path (query
 * dropped) and {@code Accept}; and the responses it sends. Deliberately small: the
 * endpoint answers scrapers, so the head is ISO-8859-1 text parsed leniently, and a
 * head it cannot read gets a 400.
 *
 * @param head whether the method is HEAD (headers only)
 */
record MetricsRequest(String method, String path, String accept, boolean head) {

    /** @return the offset just past the blank line ending the head in {@code bytes[0, length)}, or -1 */
    static int headEnd(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                if (i + 1 < length && bytes[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < length && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** @return the request in {@code bytes[0, end)}, or null when its request line is not {@code METHOD TARGET HTTP/1.x} */
    static MetricsRequest parse(byte[] bytes, int end) {
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r?\n");
        String[] line = lines[0].split(" ");
        if (line.length != 3 || !line[2].startsWith("HTTP/1.") || line[0].isEmpty() || !line[1].startsWith("/")) {
            return null;
        }
        String accept = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("accept")) {
                accept = accept == null ? lines[i].substring(colon + 1).trim() : accept + "," + lines[i].substring(colon + 1).trim();
            }
        }
        int query = line[1].indexOf('?');
        return new MetricsRequest(line[0], query < 0 ? line[1] : line[1].substring(0, query), accept, line[0].equals("HEAD"));
    }

    static byte[] response(int status, String contentType, byte[] body, boolean headOnly) {
        byte[] headBytes = ("HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n" + (status == 405 ? "Allow: GET, HEAD\r\n" : "") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        if (headOnly) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    static byte[] error(int status, String message) {
        return response(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8), false);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            default -> "Internal Server Error";
        };
    }
}
