package dev.jgu.adapters.servlet.statics;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The conditional request headers of a GET or HEAD, evaluated in the order of RFC 9110 §13.2.2.
 * Dates compare at second precision, the precision of Last-Modified.
 */
final class Preconditions {

    /** The request may proceed (to Range handling, then 200 or 206). */
    static final int PROCEED = 0;

    private Preconditions() {
    }

    /**
     * @return {@link #PROCEED}, 304 (Not Modified) or 412 (Precondition Failed)
     */
    static int evaluate(HttpServletRequest request, String etag, long lastModified) {
        long modifiedSecond = lastModified / 1000;
        if (request.getHeader("If-Match") != null) {
            if (!EntityTag.anyMatches(request.getHeaders("If-Match"), etag, false)) {
                return HttpServletResponse.SC_PRECONDITION_FAILED;
            }
        } else {
            long since = HttpDate.parse(request.getHeader("If-Unmodified-Since"));
            if (since >= 0 && modifiedSecond > since / 1000) {
                return HttpServletResponse.SC_PRECONDITION_FAILED;
            }
        }
        if (request.getHeader("If-None-Match") != null) {
            if (EntityTag.anyMatches(request.getHeaders("If-None-Match"), etag, true)) {
                return HttpServletResponse.SC_NOT_MODIFIED; // only GET and HEAD reach here
            }
        } else {
            long since = HttpDate.parse(request.getHeader("If-Modified-Since"));
            if (since >= 0 && modifiedSecond <= since / 1000) {
                return HttpServletResponse.SC_NOT_MODIFIED;
            }
        }
        return PROCEED;
    }
}
