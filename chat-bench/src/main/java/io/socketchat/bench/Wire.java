package io.socketchat.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level reading and writing of the few line shapes the bench uses, without Strings:
 * at millions of lines a second, an allocation per line would make the bench the bottleneck.
 *
 * <p>A bench message's text is {@code <seq> <sendNanos> <padding>}; the server delivers it as
 * {@code MSG <sender> <seq> <sendNanos> <padding>} (or {@code DM ...}).
 */
final class Wire {

    private static final byte[] MSG = ascii("MSG ");
    private static final byte[] DM = ascii("DM ");

    private Wire() {
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * Index of the first LF in {@code [from, to)}, or -1. Looks at 8 bytes per step: a byte
     * equal to LF becomes zero after the XOR, and the classic has-zero-byte test finds the
     * lowest such byte (false positives can only appear above a real one).
     */
    static int indexOfNewline(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(bytes, i) ^ NEWLINES;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean isMsg(byte[] line, int offset, int length) {
        return startsWith(line, offset, length, MSG);
    }

    static boolean isDm(byte[] line, int offset, int length) {
        return startsWith(line, offset, length, DM);
    }

    static boolean startsWith(byte[] line, int offset, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean equals(byte[] line, int offset, int length, byte[] expected) {
        return length == expected.length && startsWith(line, offset, length, expected);
    }

    /** Index of the next space at or after {@code from}, or {@code end}. */
    static int nextSpace(byte[] line, int from, int end) {
        int i = from;
        while (i < end && line[i] != ' ') {
            i++;
        }
        return i;
    }

    /** The decimal number in {@code [from, to)}, or -1 if it is empty or not all digits. */
    static long digits(byte[] line, int from, int to) {
        if (from >= to || to - from > 19) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int d = line[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** The number formed by the trailing digits of {@code [from, to)} (a name like {@code bs12}), or -1. */
    static long trailingDigits(byte[] line, int from, int to) {
        int start = to;
        while (start > from && line[start - 1] >= '0' && line[start - 1] <= '9') {
            start--;
        }
        return digits(line, start, to);
    }

    /** Writes {@code value} (not negative) at {@code at}; returns the index after it. */
    static int putDigits(byte[] buffer, int at, long value) {
        if (value == 0) {
            buffer[at] = '0';
            return at + 1;
        }
        int length = 0;
        for (long v = value; v > 0; v /= 10) {
            length++;
        }
        int end = at + length;
        for (int i = end - 1; i >= at; i--) {
            buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return end;
    }

    /**
     * A bench message line: {@code <command> <seq> <sendNanos> <padding>\n}, padded so the
     * whole line is about {@code size} bytes.
     */
    static final class MessageFormat {
        private final byte[] command;
        private final byte[] padding;
        private final byte[] line;

        /** @param command e.g. {@code "MSG "} or {@code "DM bob "} */
        MessageFormat(String command, int size) {
            this.command = ascii(command);
            // seq and nanos take about 25 bytes; the rest of the size is padding.
            int pad = Math.max(1, size - this.command.length - 25);
            this.padding = new byte[pad];
            for (int i = 0; i < pad; i++) {
                padding[i] = (byte) ('a' + i % 26);
            }
            this.line = new byte[this.command.length + 40 + pad + 1];
        }

        /** Formats into a buffer owned by this format; returns the length. Not thread-safe. */
        int format(long seq, long sendNanos) {
            return formatInto(line, 0, seq, sendNanos) ;
        }

        byte[] buffer() {
            return line;
        }

        int maxLength() {
            return line.length;
        }

        int formatInto(byte[] target, int at, long seq, long sendNanos) {
            System.arraycopy(command, 0, target, at, command.length);
            int i = at + command.length;
            i = putDigits(target, i, seq);
            target[i++] = ' ';
            i = putDigits(target, i, sendNanos);
            target[i++] = ' ';
            System.arraycopy(padding, 0, target, i, padding.length);
            i += padding.length;
            target[i++] = '\n';
            return i - at;
        }
    }
}
