package io.socketchat.server.internal;

import io.socketchat.server.Cidr;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static io.socketchat.server.internal.ConnectionLimits.Verdict.ADMITTED;
import static io.socketchat.server.internal.ConnectionLimits.Verdict.SERVER_FULL;
import static io.socketchat.server.internal.ConnectionLimits.Verdict.TOO_MANY_CONNECTIONS;
import static org.assertj.core.api.Assertions.assertThat;

class ConnectionLimitsTest {

    private static final InetAddress A = address("198.51.100.1");
    private static final InetAddress B = address("198.51.100.2");
    private static final InetAddress LOCAL = address("127.0.0.1");

    @Test
    void eachAddressGetsItsOwnAllowanceAndReleasingFreesIt() {
        ConnectionLimits limits = new ConnectionLimits(100, 2, List.of());

        assertThat(limits.tryAdmit(A)).isEqualTo(ADMITTED);
        assertThat(limits.tryAdmit(A)).isEqualTo(ADMITTED);
        assertThat(limits.tryAdmit(A)).isEqualTo(TOO_MANY_CONNECTIONS);
        assertThat(limits.tryAdmit(B)).isEqualTo(ADMITTED);
        assertThat(limits.total()).isEqualTo(3);

        limits.release(A);
        assertThat(limits.tryAdmit(A)).isEqualTo(ADMITTED);
    }

    @Test
    void theTotalLimitAppliesToEveryoneIncludingExemptAddresses() {
        ConnectionLimits limits = new ConnectionLimits(2, 1, Cidr.LOOPBACK);

        assertThat(limits.tryAdmit(LOCAL)).isEqualTo(ADMITTED);
        assertThat(limits.tryAdmit(LOCAL)).isEqualTo(ADMITTED); // exempt from the per-address limit
        assertThat(limits.tryAdmit(A)).isEqualTo(SERVER_FULL);
        assertThat(limits.tryAdmit(LOCAL)).isEqualTo(SERVER_FULL);
        assertThat(limits.total()).isEqualTo(2);
    }

    @Test
    void countsReturnToZeroAndNoAddressStaysTracked() {
        ConnectionLimits limits = new ConnectionLimits(10, 3, List.of());
        for (int i = 0; i < 3; i++) {
            limits.tryAdmit(A);
            limits.tryAdmit(B);
        }
        limits.tryAdmit(A); // refused: must not be counted

        for (int i = 0; i < 3; i++) {
            limits.release(A);
            limits.release(B);
        }

        assertThat(limits.total()).isZero();
        assertThat(limits.count(A)).isZero();
        assertThat(limits.trackedAddresses()).isZero();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
