package io.socketchat.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local addresses to connect from, used in turn. Each loopback address has its own ephemeral
 * port range, so several of them carry more connections to one server port than one can.
 * Written as a comma list; {@code 127.0.0.1-4} expands the last part.
 */
final class SourceAddresses {

    private final List<InetAddress> addresses;
    private final AtomicInteger next = new AtomicInteger();

    private SourceAddresses(List<InetAddress> addresses) {
        this.addresses = addresses;
    }

    static SourceAddresses none() {
        return new SourceAddresses(List.of());
    }

    static SourceAddresses parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return none();
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (String item : spec.split(",")) {
            String text = item.trim();
            int dash = text.lastIndexOf('-');
            int dot = text.lastIndexOf('.');
            try {
                if (dash > dot && dot > 0) {
                    String base = text.substring(0, dot + 1);
                    int first = Integer.parseInt(text.substring(dot + 1, dash));
                    int last = Integer.parseInt(text.substring(dash + 1));
                    if (first > last || last > 255) {
                        throw new IllegalArgumentException("bad address range: " + text);
                    }
                    for (int i = first; i <= last; i++) {
                        addresses.add(InetAddress.getByName(base + i));
                    }
                } else {
                    addresses.add(InetAddress.getByName(text));
                }
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("bad source address: " + text, e);
            }
        }
        return new SourceAddresses(List.copyOf(addresses));
    }

    /** The next address to bind, or null to let the kernel choose. */
    InetAddress next() {
        if (addresses.isEmpty()) {
            return null;
        }
        return addresses.get(Math.floorMod(next.getAndIncrement(), addresses.size()));
    }

    @Override
    public String toString() {
        return addresses.isEmpty() ? "-" : addresses.size() + " address(es) from " + addresses.get(0).getHostAddress();
    }
}
