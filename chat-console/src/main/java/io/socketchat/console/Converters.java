package io.socketchat.console;

import io.socketchat.server.Cidr;
import io.socketchat.server.ServerConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human-friendly values for ports, durations and byte sizes. */
public final class Converters {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");

    private Converters() {
    }

    public static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value.trim());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new TypeConversionException("'" + value + "' is not a port number (0-65535)");
        }
    }

    /** A whole number from 1 up, e.g. a connection limit. */
    static final class Count implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            Integer count = parseInt(value);
            if (count == null || count < 1) {
                throw new TypeConversionException("'" + value + "' is not a whole number of at least 1");
            }
            return count;
        }
    }

    /** A count of at least 1, or {@code auto} for what the open-file limit allows. */
    static final class MaxClients implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            if ("auto".equalsIgnoreCase(value.strip())) {
                return ServerConfig.defaultMaxClients();
            }
            Integer count = parseInt(value);
            if (count == null || count < 1) {
                throw new TypeConversionException("'" + value + "' is not a whole number of at least 1, nor 'auto'");
            }
            return count;
        }
    }

    /** A size, or 'auto' for {@link ServerConfig#defaultMaxBuffered()} (a quarter of the maximum heap). */
    static final class MaxBuffered implements ITypeConverter<Long> {
        private final ByteSize sizes = new ByteSize();

        @Override
        public Long convert(String value) {
            if ("auto".equalsIgnoreCase(value.strip())) {
                return ServerConfig.defaultMaxBuffered();
            }
            try {
                return sizes.convert(value);
            } catch (TypeConversionException e) {
                throw new TypeConversionException("'" + value + "' is not a positive size (like 256MiB, 1GiB), nor 'auto'");
            }
        }
    }

    /** A whole number from 0 up, where 0 means "off" (e.g. --flood-rate). */
    static final class Rate implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            Integer rate = parseInt(value);
            if (rate == null || rate < 0) {
                throw new TypeConversionException("'" + value + "' is not a whole number of at least 0 (0 turns it off)");
            }
            return rate;
        }
    }

    /** Address ranges for --exempt: {@code none}, or comma-separated CIDR ranges. */
    record AddressRanges(List<Cidr> ranges) {
        @Override
        public String toString() {
            return ranges.isEmpty() ? "none" : String.join(",", ranges.stream().map(Cidr::toString).toList());
        }
    }

    static final class Ranges implements ITypeConverter<AddressRanges> {
        @Override
        public AddressRanges convert(String value) {
            try {
                return new AddressRanges(Cidr.parseList(value));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    private static Integer parseInt(String value) {
        try {
            return Integer.parseInt(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A positive duration: {@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h}, ISO-8601 {@code PT30S}. */
    public static final class Timeout implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration duration = parseDuration(value);
            if (duration == null || duration.isZero()) {
                throw new TypeConversionException("'" + value + "' is not a positive duration (like 500ms, 60s, 5m, 1h)");
            }
            return duration;
        }
    }

    static final class ByteSize implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            Matcher matcher = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (matcher.matches()) {
                try {
                    long amount = Long.parseLong(matcher.group(1));
                    String unit = matcher.group(2) == null ? "b" : matcher.group(2);
                    long factor = switch (unit.charAt(0)) {
                        case 'k' -> 1024L;
                        case 'm' -> 1024L * 1024;
                        case 'g' -> 1024L * 1024 * 1024;
                        default -> 1L;
                    };
                    long bytes = Math.multiplyExact(amount, factor);
                    if (bytes > 0) {
                        return bytes;
                    }
                } catch (ArithmeticException | NumberFormatException ignored) {
                    // reported below
                }
            }
            throw new TypeConversionException("'" + value + "' is not a positive size (like 65536, 64KiB, 1MiB)");
        }
    }

    /** A size as an operator reads it: whole MiB or KiB where it divides, else bytes. */
    static String describeSize(long bytes) {
        if (bytes % (1024L * 1024) == 0) {
            return bytes / (1024L * 1024) + "MiB";
        }
        if (bytes >= 1024L * 1024) {
            return Math.round(bytes / (1024.0 * 1024)) + "MiB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + "KiB" : bytes + "B";
    }

    static Duration parseDuration(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("pt") || text.startsWith("p")) {
            try {
                Duration duration = Duration.parse(text.toUpperCase(Locale.ROOT));
                return duration.isNegative() ? null : duration;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            return null;
        }
        try {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
