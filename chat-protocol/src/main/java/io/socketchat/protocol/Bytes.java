package io.socketchat.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte scans used on every line, eight bytes per step ("SWAR"): a read loop over
 * ~100-byte lines spends most of its time here, and a byte-at-a-time loop is 8x the work.
 */
final class Bytes {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Bytes() {
    }

    /**
     * Index of the first {@code value} in {@code [from, to)}, or -1. A byte equal to the value
     * becomes zero after the XOR, and the has-zero-byte test marks the lowest such byte
     * (its false positives can only appear above a real zero byte).
     */
    static int indexOf(byte[] bytes, byte value, int from, int to) {
        long pattern = (value & 0xFFL) * ONES;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(bytes, i) ^ pattern;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** True when no byte in the range has its high bit set (pure ASCII). */
    static boolean isAscii(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        for (; i + 8 <= end; i += 8) {
            if (((long) LONGS.get(bytes, i) & HIGHS) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
