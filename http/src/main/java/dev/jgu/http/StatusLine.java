package dev.jgu.http;

import java.nio.charset.StandardCharsets;

/** Status lines, with the reason phrases of RFC 9110 §15 (the phrase is informative only). */
final class StatusLine {

    private StatusLine() {
    }

    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 103 -> "Early Hints";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 417 -> "Expectation Failed";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }

    /** Lines for the statuses with a phrase, built once; immutable after class initialisation. */
    private static final byte[][][] COMMON = new byte[2][900][];

    static {
        for (int status = 100; status < 1000; status++) {
            if (!reason(status).isEmpty()) {
                COMMON[0][status - 100] = build(0, status);
                COMMON[1][status - 100] = build(1, status);
            }
        }
    }

    static byte[] bytes(int minor, int status) {
        byte[] line = COMMON[minor][status - 100];
        return line != null ? line : build(minor, status);
    }

    private static byte[] build(int minor, int status) {
        return ("HTTP/1." + minor + " " + status + " " + reason(status) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
