/**
 * The HTTP/1.x codec and the per-request path every worker class shares.
 *
 * <p>Bytes flow one way: a {@link dev.jgu.http.Transport} fills the connection's read buffer;
 * {@link dev.jgu.http.RequestParser} consumes the head (and a PROXY header on the first
 * request) into a reused {@link dev.jgu.http.RequestHead}; {@link dev.jgu.http.BodyDecoder}
 * consumes exactly the body (Content-Length or chunked); what is left is the next pipelined
 * request. Both are push parsers over {@link java.nio.ByteBuffer}: the outcome never depends on
 * how the bytes were split across reads. {@link dev.jgu.http.Http1Connection} ties them to an
 * app: request object, 100-continue, response writing, error mapping, draining.
 *
 * <p>Policy is Gunicorn 26's, stricter where docs/design.md ("The HTTP codec") says so, set by
 * {@link dev.jgu.http.HttpConfig}. Every refusal is an {@link dev.jgu.http.HttpException}
 * naming its {@link dev.jgu.http.HttpError} category (hence the status) and the rule that fired.
 */
package dev.jgu.http;
