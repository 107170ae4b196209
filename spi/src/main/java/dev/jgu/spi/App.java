package dev.jgu.spi;

/**
 * A web application: the Java counterpart of a WSGI callable.
 *
 * <p>An app is usually written as a lambda:
 * <pre>{@code App hello = request -> Response.text(200, "Hello, world\n");}</pre>
 * jgu names apps on the command line either as a class with a public no-arg
 * constructor ({@code com.example.Hello}) or as a static factory method
 * ({@code com.example.Hello::create}) returning an {@code App}.
 *
 * <p>A worker may call {@link #handle} from several threads at once (the
 * {@code gthread} and {@code async} worker classes do), so an app must be
 * thread-safe unless it is only ever served by the {@code sync} class.
 */
@FunctionalInterface
public interface App {

    /**
     * Answers one request.
     *
     * @param request the parsed request; its body may be read at most once
     * @return the response to send; never {@code null}
     * @throws Exception any failure; the worker logs it and answers 500
     */
    Response handle(Request request) throws Exception;
}
