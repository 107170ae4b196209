package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressMatcherTest {

    @Test
    void matchesLiteralsAndCidrBlocks() {
        AddressMatcher m = AddressMatcher.of("forwarded_allow_ips", List.of("127.0.0.1", "10.0.0.0/8", "fd00::/8"));
        assertTrue(m.matches("127.0.0.1"));
        assertTrue(m.matches("10.255.1.2"));
        assertFalse(m.matches("11.0.0.1"));
        assertTrue(m.matches("fd12::1"));
        assertFalse(m.matches("fe80::1"));
        assertTrue(m.matches("::ffff:10.1.2.3"), "IPv4-mapped peers match IPv4 entries");
        assertFalse(m.matches("example.com"), "names are never resolved");
        assertFalse(m.matches(""));
    }

    @Test
    void starMatchesEveryone() {
        assertTrue(AddressMatcher.of("x", List.of("*")).matches("203.0.113.9"));
    }

    @Test
    void refusesGarbageNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AddressMatcher.of("proxy_allow_ips", List.of("10.0.0.0/33")));
        assertTrue(e.getMessage().startsWith("proxy_allow_ips:"), e.getMessage());
    }

    @Test
    void parsesAndFormatsIpLiteralsStrictly() {
        assertArrayEquals(new byte[] {1, 2, 3, 4}, IpAddress.parse("1.2.3.4"));
        assertNull(IpAddress.parse("01.2.3.4"), "inet_pton refuses leading zeros");
        assertNull(IpAddress.parse("1.2.3"));
        assertNull(IpAddress.parse("256.1.1.1"));
        assertNull(IpAddress.parse("1::2::3"));
        assertNull(IpAddress.parse(":1"));
        assertEquals("::1", IpAddress.format(IpAddress.parse("0:0:0:0:0:0:0:1")));
        assertEquals("2001:db8::2:1", IpAddress.format(IpAddress.parse("2001:db8:0:0:0:0:2:1")));
        assertEquals("::ffff:10.1.2.3", IpAddress.format(IpAddress.parse("::ffff:10.1.2.3")));
        assertEquals("1:2:3:4:5:6:7:8", IpAddress.format(IpAddress.parse("1:2:3:4:5:6:7:8")));
    }

    @Test
    void matchesPrefixesThatEndInsideAByte() {
        AddressMatcher m = AddressMatcher.of("x", List.of("192.168.0.0/20", "10.0.0.0/9", "1.2.3.4/31", "fe80::/10"));
        assertTrue(m.matches("192.168.0.1"));
        assertTrue(m.matches("192.168.15.255"));
        assertFalse(m.matches("192.168.16.0"));
        assertTrue(m.matches("10.127.255.255"));
        assertFalse(m.matches("10.128.0.0"));
        assertTrue(m.matches("1.2.3.5"));
        assertFalse(m.matches("1.2.3.6"));
        assertTrue(m.matches("febf::1"));
        assertFalse(m.matches("fec0::1"));
        assertFalse(m.matches("::ffff:11.0.0.1"), "a mapped peer outside every block");
    }

    @Test
    void acceptsPrefixesFromZeroToTheAddressLength() {
        AddressMatcher all = AddressMatcher.of("x", List.of("0.0.0.0/0"));
        assertTrue(all.matches("203.0.113.9"));
        assertFalse(all.matches("2001:db8::1"), "an IPv4 block holds no IPv6 peer");
        AddressMatcher exact = AddressMatcher.of("x", List.of("1.2.3.4/32", "2001:db8::1/128"));
        assertTrue(exact.matches("1.2.3.4"));
        assertFalse(exact.matches("1.2.3.5"));
        assertTrue(exact.matches("2001:db8::1"));
        assertFalse(exact.matches("2001:db8::2"));
        for (String bad : List.of("10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/0008", "::/129",
                "10.0.0.0/33", "/8")) {
            assertThrows(IllegalArgumentException.class, () -> AddressMatcher.of("x", List.of(bad)), bad);
        }
    }

    @Test
    void saysWhetherItMatchesEveryoneAndHowItWasSpelt() {
        AddressMatcher any = AddressMatcher.of("x", List.of("10.0.0.1", "*"));
        assertTrue(any.matchesAny());
        assertEquals("10.0.0.1,*", any.toString());
        assertFalse(AddressMatcher.of("x", List.of("10.0.0.1")).matchesAny());
    }
}
