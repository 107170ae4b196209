package dev.jgu.dist;

/** Jersey's jdk-http container and a plain HttpHandler under {@code async} workers. */
class JdkHttpAsyncIT extends JdkHttpChecks {

    @Override
    String workerClass() {
        return "async";
    }
}
