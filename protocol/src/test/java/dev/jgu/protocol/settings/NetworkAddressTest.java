package dev.jgu.protocol.settings;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkAddressTest {

    @Test
    void bindAcceptsEveryGunicornFormAndFillsInPort8000() throws BadValue {
        assertEquals("127.0.0.1:8000", NetworkAddress.bind("127.0.0.1:8000"));
        assertEquals("localhost:8000", NetworkAddress.bind("localhost"));
        assertEquals("0.0.0.0:0", NetworkAddress.bind("0.0.0.0:0"));
        assertEquals("[::1]:9000", NetworkAddress.bind("[::1]:9000"));
        assertEquals("[::]:8000", NetworkAddress.bind("[::]"));
        assertEquals("unix:/run/app.sock", NetworkAddress.bind("unix:/run/app.sock"));
        assertEquals("unix:/run/app.sock", NetworkAddress.bind("unix:///run/app.sock"));
        assertEquals("unix:app.sock", NetworkAddress.bind("unix:app.sock"));
        assertEquals("fd://3", NetworkAddress.bind("fd://3"));
        assertEquals("example.com:80", NetworkAddress.bind(" example.com:080 "));
    }

    @Test
    void bindRefusesMalformedAddressesSayingWhy() {
        assertEquals("an IPv6 address needs brackets, as [::1]:8000", refused("::1").expectation());
        assertEquals("expected a port between 0 and 65535", refused("127.0.0.1:65536").expectation());
        assertEquals("expected a port between 0 and 65535", refused("127.0.0.1:http").expectation());
        assertEquals(NetworkAddress.BIND_FORMS, refused(":8000").expectation());
        assertEquals(NetworkAddress.BIND_FORMS, refused("my host:80").expectation());
        assertEquals(NetworkAddress.BIND_FORMS, refused("[zz::1]:80").expectation());
        assertEquals(NetworkAddress.BIND_FORMS, refused("[::1]80").expectation());
        assertEquals("expected a socket path after unix:", refused("unix:").expectation());
        assertEquals("expected a file descriptor number after fd://", refused("fd://three").expectation());
        assertEquals("\"127.0.0.1:65536\"", refused("127.0.0.1:65536").shown());
    }

    private static BadValue refused(String bind) {
        return assertThrows(BadValue.class, () -> NetworkAddress.bind(bind), bind);
    }

    @Test
    void allowListsTakeIpsNetworksAndStar() throws BadValue {
        for (String ok : List.of("*", "127.0.0.1", "10.0.0.0/8", "0.0.0.0/0", "::1", "2001:db8::/32", "::ffff:10.0.0.1")) {
            assertEquals(ok, NetworkAddress.ipOrNetwork(ok));
        }
        for (String bad : List.of("10.0.0.256", "10.0.0.0/33", "::1/129", "1.2.3", "proxy.example.com", "10.0.0.0/x", "")) {
            assertThrows(BadValue.class, () -> NetworkAddress.ipOrNetwork(bad), bad);
        }
    }

    @Test
    void ipv6CheckNeverLooksANameUp() {
        assertTrue(NetworkAddress.isIpv6("fe80::1"));
        assertFalse(NetworkAddress.isIpv6("localhost"));
        assertFalse(NetworkAddress.isIpv6("host.invalid:80"));
        assertFalse(NetworkAddress.isIpv6(".::1"));
        assertFalse(NetworkAddress.isIpv6("fe80::1%eth0"));
    }

    @Test
    void statsdAndSyslogAddresses() throws BadValue {
        assertEquals("localhost:8125", NetworkAddress.statsd("localhost"));
        assertEquals("unix:/run/statsd.sock", NetworkAddress.statsd("unix:/run/statsd.sock"));
        assertEquals("udp://localhost:514", NetworkAddress.syslog("udp://localhost"));
        assertEquals("tcp://[::1]:601", NetworkAddress.syslog("tcp://[::1]:601"));
        assertEquals("unix:///dev/log#stream", NetworkAddress.syslog("unix:///dev/log#stream"));
        assertEquals("unix:///dev/log#dgram", NetworkAddress.syslog("unix:///dev/log#dgram"));
        assertThrows(BadValue.class, () -> NetworkAddress.syslog("http://log.example"));
        assertThrows(BadValue.class, () -> NetworkAddress.syslog("unix://#stream"));
        assertThrows(BadValue.class, () -> NetworkAddress.statsd("unix:"));
    }

    @Test
    void metricsAddressesNeedAPort() throws BadValue {
        assertEquals("127.0.0.1:9100", NetworkAddress.metrics(" 127.0.0.1:9100 "));
        assertEquals("[::1]:0", NetworkAddress.metrics("[::1]:0"));
        assertEquals("unix:/run/jgu/metrics.sock", NetworkAddress.metrics("unix:///run/jgu/metrics.sock"));
        BadValue noPort = assertThrows(BadValue.class, () -> NetworkAddress.metrics("localhost"));
        assertTrue(noPort.getMessage().contains("a port is required"), noPort.getMessage());
        assertThrows(BadValue.class, () -> NetworkAddress.metrics("[::1]"));
        assertThrows(BadValue.class, () -> NetworkAddress.metrics("host:99999"));
        assertThrows(BadValue.class, () -> NetworkAddress.metrics("unix:"));
    }
}
