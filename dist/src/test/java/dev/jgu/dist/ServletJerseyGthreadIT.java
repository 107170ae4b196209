package dev.jgu.dist;

/**
 * The Jersey shop WAR under {@code gthread} workers.
 *
 * <p>What the Servlet*IT classes cover, chosen to keep the JVM starts few (each class starts one
 * arbiter with two workers, shared by all its checks): the Jersey WAR under {@code sync},
 * {@code gthread} and {@code async} ({@link ServletJerseySyncIT} also through nginx); Spring MVC by
 * class name under {@code gthread} ({@link ServletSpringMvcClassNameIT}, also through nginx) and as
 * a WAR under {@code async} ({@link ServletSpringMvcWarIT}); the Spring Boot WAR under
 * {@code gthread} ({@link ServletSpringBootGthreadIT}, also through nginx) and {@code async}
 * ({@link ServletSpringBootAsyncIT}). Spring MVC and Boot under {@code sync} add only what the
 * Jersey classes already prove there (the adapter's sync path) at a slow framework's boot cost.
 */
class ServletJerseyGthreadIT extends ServletJerseyChecks {

    @Override
    String workerClass() {
        return "gthread";
    }
}
