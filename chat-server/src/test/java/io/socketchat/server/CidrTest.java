package io.socketchat.server;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

    @Test
    void ipv4RangesMatchByPrefix() {
        Cidr range = Cidr.parse("10.1.0.0/16");

        assertThat(range.contains(address("10.1.0.1"))).isTrue();
        assertThat(range.contains(address("10.1.255.255"))).isTrue();
        assertThat(range.contains(address("10.2.0.1"))).isFalse();
        assertThat(range.contains(address("::1"))).isFalse();
    }

    @Test
    void prefixesThatAreNotWholeBytesMatchBitByBit() {
        Cidr range = Cidr.parse("192.168.1.64/27"); // .64 - .95

        assertThat(range.contains(address("192.168.1.64"))).isTrue();
        assertThat(range.contains(address("192.168.1.95"))).isTrue();
        assertThat(range.contains(address("192.168.1.63"))).isFalse();
        assertThat(range.contains(address("192.168.1.96"))).isFalse();
    }

    @Test
    void hostBitsAreClearedAndABareAddressIsARangeOfOne() {
        assertThat(Cidr.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThat(Cidr.parse("10.1.2.3").contains(address("10.1.2.3"))).isTrue();
        assertThat(Cidr.parse("10.1.2.3").contains(address("10.1.2.4"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(address("203.0.113.9"))).isTrue();
    }

    @Test
    void ipv6RangesMatchByPrefix() {
        Cidr loopback = Cidr.parse("::1");
        Cidr ula = Cidr.parse("fd00::/8");
        Cidr doc = Cidr.parse("2001:db8::/33");

        assertThat(loopback.contains(address("::1"))).isTrue();
        assertThat(loopback.contains(address("::2"))).isFalse();
        assertThat(ula.contains(address("fd12:3456::1"))).isTrue();
        assertThat(ula.contains(address("fe80::1"))).isFalse();
        assertThat(doc.contains(address("2001:db8:7fff::1"))).isTrue();
        assertThat(doc.contains(address("2001:db8:8000::1"))).isFalse();
        assertThat(ula.contains(address("10.0.0.1"))).isFalse();
    }

    @Test
    void theDefaultExemptionIsLoopback() {
        assertThat(Cidr.anyContains(Cidr.LOOPBACK, address("127.0.0.1"))).isTrue();
        assertThat(Cidr.anyContains(Cidr.LOOPBACK, address("127.9.9.9"))).isTrue();
        assertThat(Cidr.anyContains(Cidr.LOOPBACK, address("::1"))).isTrue();
        assertThat(Cidr.anyContains(Cidr.LOOPBACK, address("10.0.0.1"))).isFalse();
    }

    @Test
    void listsParseCommaSeparatedAndNoneIsEmpty() {
        assertThat(Cidr.parseList("10.0.0.0/8, ::1")).extracting(Cidr::toString)
                .containsExactly("10.0.0.0/8", "0:0:0:0:0:0:0:1/128");
        assertThat(Cidr.parseList("none")).isEmpty();
        assertThat(Cidr.parseList("NONE")).isEmpty();
    }

    @Test
    void anythingButAnAddressLiteralIsRefusedWithoutALookup() {
        assertThatThrownBy(() -> Cidr.parse("localhost")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'localhost'");
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("256.0.0.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("::1/129")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("1:2:3:4:5:6:7:8:9")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parseList("10.0.0.0/8,bogus")).hasMessageContaining("'bogus'");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
