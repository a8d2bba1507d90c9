package io.socketchat.server.internal;

import io.socketchat.protocol.ErrorCodes;
import io.socketchat.server.Cidr;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open connections, in total and per client address, from accept until the
 * connection is fully closed (logged in or not), and refuses those over a limit.
 * Addresses in an exempt range skip the per-address limit, never the total.
 */
public final class ConnectionLimits {

    /** Whether a new connection may be served; when not, the error code it is told. */
    public enum Verdict {
        ADMITTED(null),
        SERVER_FULL(ErrorCodes.SERVER_FULL),
        TOO_MANY_CONNECTIONS(ErrorCodes.TOO_MANY_CONNECTIONS);

        private final String errorCode;

        Verdict(String errorCode) {
            this.errorCode = errorCode;
        }

        public String errorCode() {
            return errorCode;
        }
    }

    private volatile int maxTotal;
    private volatile int maxPerAddress;
    private final List<Cidr> exempt;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    public ConnectionLimits(int maxTotal, int maxPerAddress, List<Cidr> exempt) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.exempt = List.copyOf(exempt);
    }

    /**
     * New limits for the connections admitted from now on; connections already open stay,
     * even over a lowered limit. (The exempt ranges are fixed: a connection must be released
     * under the same rule it was counted under.)
     */
    public void resize(int newMaxTotal, int newMaxPerAddress) {
        maxTotal = newMaxTotal;
        maxPerAddress = newMaxPerAddress;
    }

    /** Counts the connection if it fits; an admitted one must be {@link #release released} exactly once. */
    public Verdict tryAdmit(InetAddress address) {
        int perAddressLimit = maxPerAddress;
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return Verdict.SERVER_FULL;
        }
        if (isExempt(address)) {
            return Verdict.ADMITTED;
        }
        boolean[] admitted = {false};
        perAddress.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= perAddressLimit) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            return Verdict.TOO_MANY_CONNECTIONS;
        }
        return Verdict.ADMITTED;
    }

    public void release(InetAddress address) {
        total.decrementAndGet();
        if (!isExempt(address)) {
            perAddress.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    public int total() {
        return total.get();
    }

    /** Open connections from one address (0 for exempt ones, which are not counted). */
    public int count(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    /** Addresses holding at least one counted connection; empty once everyone has gone. */
    public int trackedAddresses() {
        return perAddress.size();
    }

    public int maxTotal() {
        return maxTotal;
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }

    private boolean isExempt(InetAddress address) {
        return Cidr.anyContains(exempt, address);
    }
}
