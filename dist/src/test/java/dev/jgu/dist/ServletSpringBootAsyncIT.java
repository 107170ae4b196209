package dev.jgu.dist;

/** The Spring Boot WAR under {@code async} workers. (The selection of Servlet*IT classes: {@link ServletJerseyGthreadIT}.) */
class ServletSpringBootAsyncIT extends ServletSpringBootChecks {

    @Override
    String workerClass() {
        return "async";
    }
}
