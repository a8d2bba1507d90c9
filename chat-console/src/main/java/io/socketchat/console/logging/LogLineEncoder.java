package io.socketchat.console.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;

import java.nio.charset.Charset;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The log line format, {@value #PATTERN}, written straight into bytes.
 *
 * <p>With every chat line and DM logged at INFO, encoding is a hot path: logback's pattern
 * machinery (a converter chain into a StringBuilder, a String, then its bytes) cost about as
 * much CPU as the rest of the logging together. This encoder produces the same bytes as a
 * {@link PatternLayoutEncoder} with that pattern (the tests compare them): the date part is
 * formatted once per second, the level is a constant. An event that carries a throwable goes
 * through the pattern encoder itself, so stack traces look exactly as {@code %ex} prints them.
 */
public final class LogLineEncoder extends EncoderBase<ILoggingEvent> {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %msg%n%ex";
    private static final DateTimeFormatter TO_SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("XXX");
    private static final byte[] TRACE = "TRACE ".getBytes();
    private static final byte[] DEBUG = "DEBUG ".getBytes();
    private static final byte[] INFO = "INFO  ".getBytes();
    private static final byte[] WARN = "WARN  ".getBytes();
    private static final byte[] ERROR = "ERROR ".getBytes();

    /** One second's date text, before and after the milliseconds. */
    private record Second(long epochSecond, byte[] prefix, byte[] offset) {
    }

    private final ZoneId zone;
    private Charset charset = Charset.defaultCharset(); // what PatternLayoutEncoder uses unless told
    private byte[] lineSeparator;
    private PatternLayoutEncoder withThrowable;
    private volatile Second second = new Second(Long.MIN_VALUE, new byte[0], new byte[0]);

    public LogLineEncoder() {
        this(ZoneId.systemDefault()); // as %d without a zone
    }

    LogLineEncoder(ZoneId zone) {
        this.zone = zone;
    }

    public void setCharset(Charset charset) {
        this.charset = charset;
    }

    public Charset getCharset() {
        return charset;
    }

    @Override
    public void start() {
        lineSeparator = System.lineSeparator().getBytes(charset);
        withThrowable = new PatternLayoutEncoder();
        withThrowable.setContext(getContext());
        withThrowable.setPattern(zone.equals(ZoneId.systemDefault())
                ? PATTERN
                : PATTERN.replace("SSSXXX}", "SSSXXX, " + zone.getId() + "}"));
        withThrowable.setCharset(charset);
        withThrowable.start();
        super.start();
    }

    @Override
    public void stop() {
        if (withThrowable != null) {
            withThrowable.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        if (event.getThrowableProxy() != null) {
            return withThrowable.encode(event);
        }
        long millis = event.getTimeStamp();
        Second date = second(Math.floorDiv(millis, 1000));
        int milli = (int) Math.floorMod(millis, 1000);
        byte[] level = levelField(event.getLevel());
        byte[] message = String.valueOf(event.getFormattedMessage()).getBytes(charset);
        byte[] line = new byte[date.prefix.length + 3 + date.offset.length + 1 + level.length
                + message.length + lineSeparator.length];
        int at = put(line, 0, date.prefix);
        line[at++] = (byte) ('0' + milli / 100);
        line[at++] = (byte) ('0' + milli / 10 % 10);
        line[at++] = (byte) ('0' + milli % 10);
        at = put(line, at, date.offset);
        line[at++] = ' ';
        at = put(line, at, level);
        at = put(line, at, message);
        put(line, at, lineSeparator);
        return line;
    }

    private static int put(byte[] line, int at, byte[] part) {
        System.arraycopy(part, 0, line, at, part.length);
        return at + part.length;
    }

    private Second second(long epochSecond) {
        Second cached = second;
        if (cached.epochSecond == epochSecond) {
            return cached;
        }
        Instant instant = Instant.ofEpochSecond(epochSecond);
        Second fresh = new Second(epochSecond,
                TO_SECOND.withZone(zone).format(instant).getBytes(charset),
                OFFSET.withZone(zone).format(instant).getBytes(charset));
        second = fresh;
        return fresh;
    }

    /** {@code %-5level} and the space after it. */
    private static byte[] levelField(Level level) {
        return switch (level.toInt()) {
            case Level.TRACE_INT -> TRACE;
            case Level.DEBUG_INT -> DEBUG;
            case Level.INFO_INT -> INFO;
            case Level.WARN_INT -> WARN;
            case Level.ERROR_INT -> ERROR;
            default -> (String.format("%-5s ", level)).getBytes();
        };
    }
}
