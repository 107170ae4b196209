# The hello-world app for Gunicorn's side of bench/workers: the same body and
# Content-Type as dev.jgu.examples.Hello (Gunicorn adds its own Server and Date).
BODY = b"Hello, world!\n"


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))])
    return [BODY]
