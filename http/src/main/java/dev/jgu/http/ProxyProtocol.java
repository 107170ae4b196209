package dev.jgu.http;

/** Which HAProxy PROXY protocol headers a connection may start with (Gunicorn's {@code proxy_protocol}). */
public enum ProxyProtocol {
    OFF, V1, V2, AUTO;

    boolean acceptsV1() {
        return this == V1 || this == AUTO;
    }

    boolean acceptsV2() {
        return this == V2 || this == AUTO;
    }
}
