package io.socketchat.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An address range in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}; a bare address is
 * a range of one). Only literals are accepted: parsing never resolves a host name.
 *
 * @param network      the range's first address (host bits cleared)
 * @param prefixLength how many leading bits must match: 0-32 for IPv4, 0-128 for IPv6
 */
public record Cidr(InetAddress network, int prefixLength) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

    /** The default exemption from the per-address limit: loopback, IPv4 and IPv6 (after the patterns it uses). */
    public static final List<Cidr> LOOPBACK = List.of(parse("127.0.0.0/8"), parse("::1"));

    public Cidr {
        if (network == null) {
            throw new IllegalArgumentException("network must not be null");
        }
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0-" + bits + ": " + prefixLength);
        }
        network = masked(network, prefixLength);
    }

    /**
     * Parses {@code address} or {@code address/prefix}.
     *
     * @throws IllegalArgumentException for anything else, naming the text
     */
    public static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress address = literal(addressText, text);
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = trimmed.substring(slash + 1);
            if (!prefixText.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length after '/'");
            }
            prefix = Integer.parseInt(prefixText);
            if (prefix > bits) {
                throw new IllegalArgumentException("'" + text + "': prefix length must be 0-" + bits);
            }
        }
        return new Cidr(address, prefix);
    }

    /**
     * Parses a comma-separated list; {@code none} (or an empty text) is the empty list.
     *
     * @throws IllegalArgumentException naming the first entry that is not a range
     */
    public static List<Cidr> parseList(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.toLowerCase(Locale.ROOT).equals("none")) {
            return List.of();
        }
        List<Cidr> ranges = new ArrayList<>();
        for (String part : trimmed.split(",")) {
            if (!part.isBlank()) {
                ranges.add(parse(part));
            }
        }
        return List.copyOf(ranges);
    }

    /** True when the address lies in this range (an IPv4 address never matches an IPv6 range). */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] base = network.getAddress();
        if (candidate.length != base.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != base[i]) {
                return false;
            }
        }
        int restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - restBits)) & 0xFF;
        return (candidate[fullBytes] & mask) == (base[fullBytes] & mask);
    }

    /** True when any range in the list contains the address. */
    public static boolean anyContains(List<Cidr> ranges, InetAddress address) {
        for (Cidr range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static InetAddress literal(String addressText, String original) {
        boolean v4 = IPV4.matcher(addressText).matches();
        boolean v6 = !v4 && addressText.indexOf(':') >= 0 && IPV6.matcher(addressText).matches();
        if (v4) {
            for (String octet : addressText.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("'" + original + "' is not an IP address range");
                }
            }
        }
        if (!v4 && !v6) {
            throw new IllegalArgumentException("'" + original + "' is not an IP address range (like 10.0.0.0/8 or ::1)");
        }
        try {
            // A dotted quad or a text with ':' is parsed as a literal; no name lookup happens.
            return InetAddress.getByName(addressText);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + original + "' is not an IP address range (like 10.0.0.0/8 or ::1)");
        }
    }

    private static InetAddress masked(InetAddress address, int prefixLength) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            bytes[i] &= (byte) ((0xFF << (8 - keep)) & 0xFF);
        }
        try {
            return bytes.length == 4 ? Inet4Address.getByAddress(bytes) : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
        }
    }
}
