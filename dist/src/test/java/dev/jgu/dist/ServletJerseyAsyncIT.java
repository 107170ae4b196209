package dev.jgu.dist;

/** The Jersey shop WAR under {@code async} workers (the selection of Servlet*IT classes: {@link ServletJerseyGthreadIT}). */
class ServletJerseyAsyncIT extends ServletJerseyChecks {

    @Override
    String workerClass() {
        return "async";
    }
}
