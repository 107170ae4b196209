package dev.jgu.http;

import static dev.jgu.http.Parsing.config;
import static dev.jgu.http.Parsing.refuse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ProxyProtocolTest {

    private static final HttpConfig AUTO = config("proxy_protocol", "auto");
    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";

    /** A v2 header: signature, version/command, family/transport, length, then {@code rest}. */
    private static byte[] v2(int versionCommand, int familyTransport, int declaredLength, byte... rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ProxyHeader.V2_SIGNATURE);
        out.write(versionCommand);
        out.write(familyTransport);
        out.write(declaredLength >> 8);
        out.write(declaredLength & 255);
        out.writeBytes(rest);
        out.writeBytes(Parsing.bytes(REQUEST));
        return out.toByteArray();
    }

    private static final byte[] IPV4_ADDRESSES = {10, 0, 0, 1, 10, 0, 0, 2, 0x30, 0x39, 0x01, (byte) 0xBB};

    private static RequestHead parse(HttpConfig config, boolean allowed, byte[] wire) throws HttpException {
        RequestParser p = new RequestParser(config);
        p.connect(true, allowed);
        assertTrue(p.parse(ByteBuffer.wrap(wire)), "head complete");
        return p.head();
    }

    @Test
    void readsV2TcpOverIpv4WithTlvs() throws HttpException {
        byte[] tlv = {0x04, 0, 2, 'o', 'k'};
        byte[] rest = new byte[IPV4_ADDRESSES.length + tlv.length];
        System.arraycopy(IPV4_ADDRESSES, 0, rest, 0, IPV4_ADDRESSES.length);
        System.arraycopy(tlv, 0, rest, IPV4_ADDRESSES.length, tlv.length);
        ProxyInfo info = parse(AUTO, true, v2(0x21, 0x11, rest.length, rest)).proxy();
        assertEquals(new ProxyInfo("TCP4", "10.0.0.1", 12345, "10.0.0.2", 443), info);
        assertEquals(1, Parsing.parse(AUTO, v2(0x21, 0x11, rest.length, rest)).size());
    }

    @Test
    void acceptsV2LocalCommandWithoutAddresses() throws HttpException {
        assertNull(parse(AUTO, true, v2(0x20, 0x00, 0)).proxy());
    }

    @Test
    void refusesV2WithWrongVersion() {
        refuse(AUTO, v2(0x11, 0x11, 12, IPV4_ADDRESSES), HttpError.INVALID_PROXY_LINE, "proxy-v2-version");
    }

    @Test
    void refusesV2WithUnknownCommand() {
        refuse(AUTO, v2(0x22, 0x11, 12, IPV4_ADDRESSES), HttpError.INVALID_PROXY_LINE, "proxy-v2-command");
    }

    @Test
    void refusesV2OverUdpOrUnixSockets() {
        refuse(AUTO, v2(0x21, 0x12, 12, IPV4_ADDRESSES), HttpError.INVALID_PROXY_LINE, "proxy-v2-not-tcp");
        refuse(AUTO, v2(0x21, 0x31, 12, IPV4_ADDRESSES), HttpError.INVALID_PROXY_LINE, "proxy-v2-not-tcp");
    }

    @Test
    void refusesV2WithShortAddressBlock() {
        byte[] shortBlock = {10, 0, 0, 1, 10, 0, 0, 2};
        refuse(AUTO, v2(0x21, 0x11, shortBlock.length, shortBlock), HttpError.INVALID_PROXY_LINE,
                "proxy-v2-short-address");
    }

    @Test
    void refusesV2CutShort() {
        byte[] full = v2(0x21, 0x11, 12, IPV4_ADDRESSES);
        byte[] cut = java.util.Arrays.copyOf(full, 20);
        refuse(AUTO, cut, HttpError.NO_MORE_DATA, "eof-in-request-head");
    }

    @Test
    void refusesProxyHeadersFromUntrustedPeersWith403() {
        HttpException v2 = assertThrows(HttpException.class, () -> parse(AUTO, false, v2(0x21, 0x11, 12, IPV4_ADDRESSES)));
        assertEquals(403, v2.status());
        HttpException v1 = assertThrows(HttpException.class,
                () -> parse(AUTO, false, Parsing.bytes("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n" + REQUEST)));
        assertEquals(HttpError.FORBIDDEN_PROXY_REQUEST, v1.error());
    }

    @Test
    void readsV1Tcp6() throws HttpException {
        ProxyInfo info = parse(AUTO, true, Parsing.bytes("PROXY TCP6 2001:db8::1 ::1 65535 0\r\n" + REQUEST)).proxy();
        assertEquals(new ProxyInfo("TCP6", "2001:db8::1", 65535, "::1", 0), info);
    }

    @Test
    void refusesV1UnknownProtocol() {
        refuse(AUTO, "PROXY UNKNOWN\r\n" + REQUEST, HttpError.INVALID_PROXY_LINE, "proxy-v1-field-count");
        refuse(AUTO, "PROXY UDP4 1.2.3.4 1.2.3.5 1 2\r\n" + REQUEST, HttpError.INVALID_PROXY_LINE, "proxy-v1-protocol");
        refuse(AUTO, "PROXY TCP4 ::1 1.2.3.5 1 2\r\n" + REQUEST, HttpError.INVALID_PROXY_LINE, "proxy-v1-address");
    }

    @Test
    void honoursOnlyTheConfiguredVersion() throws HttpException {
        refuse(config("proxy_protocol", "v1"), v2(0x21, 0x11, 12, IPV4_ADDRESSES), HttpError.INVALID_REQUEST_LINE, null);
        refuse(config("proxy_protocol", "v2"), "PROXY TCP4 1.2.3.4 1.2.3.5 1 2\r\n" + REQUEST,
                HttpError.INVALID_REQUEST_LINE, "not-three-parts");
        refuse(HttpConfig.defaults(), "PROXY TCP4 1.2.3.4 1.2.3.5 1 2\r\n" + REQUEST,
                HttpError.INVALID_REQUEST_LINE, "not-three-parts");
        assertNull(parse(config("proxy_protocol", "v2"), true, Parsing.bytes(REQUEST)).proxy());
    }

    @Test
    void acceptsProxyHeaderOnlyBeforeTheFirstRequest() {
        refuse(AUTO, REQUEST + "PROXY TCP4 1.2.3.4 1.2.3.5 1 2\r\n" + REQUEST, HttpError.INVALID_REQUEST_LINE,
                "not-three-parts");
    }

    @Test
    void replaysBytesThatOnlyBeganLikeAV2Signature() throws HttpException {
        // CR LF CR LF NUL are the signature's first bytes: they are the request's own, not skipped.
        refuse(AUTO, "\r\n\r\n\u0000GET / HTTP/1.1\r\n\r\n", HttpError.INVALID_REQUEST_METHOD, "method-not-token");
        assertEquals("/", Parsing.parse(AUTO, "\r\n" + REQUEST).get(0).path());
    }

    @Test
    void endsQuietlyWhenNoRequestFollowsTheProxyHeader() throws HttpException {
        assertEquals(0, Parsing.parse(AUTO, "PROXY TCP4 1.2.3.4 1.2.3.5 1 2\r\n").size());
        byte[] v2 = v2(0x21, 0x11, 12, IPV4_ADDRESSES);
        assertEquals(0, Parsing.parse(AUTO, java.util.Arrays.copyOf(v2, v2.length - REQUEST.length())).size());
    }
}
