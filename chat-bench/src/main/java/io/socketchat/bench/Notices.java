package io.socketchat.bench;

import java.nio.charset.StandardCharsets;

/**
 * Names the kind of a line the server sent, for telling why a client was cut and for counting
 * leave notices: chat lines are named by their command only, {@code ERR} and other
 * {@code INFO} lines by their text (they are rare and say why).
 */
final class Notices {

    static final String LEAVE = "INFO <name> disconnected";
    static final String SUMMARY = "INFO <n> more users disconnected";
    static final String NONE = "(no line)";

    private static final byte[] INFO = Wire.ascii("INFO ");
    private static final byte[] ERR = Wire.ascii("ERR");
    private static final byte[] MSG = Wire.ascii("MSG ");
    private static final byte[] DM = Wire.ascii("DM ");
    private static final byte[] USER = Wire.ascii("USER ");
    private static final byte[] OK = Wire.ascii("OK");
    private static final byte[] PONG = Wire.ascii("PONG");
    private static final byte[] DISCONNECTED = Wire.ascii(" disconnected");
    private static final byte[] MORE_USERS = Wire.ascii(" more users disconnected");
    private static final int LONGEST = 80;

    private Notices() {
    }

    /** The line's kind: e.g. {@code MSG}, {@value #LEAVE}, or the text of an {@code ERR} line. */
    static String label(byte[] line, int offset, int length) {
        if (Wire.startsWith(line, offset, length, MSG)) {
            return "MSG";
        }
        if (Wire.startsWith(line, offset, length, DM)) {
            return "DM";
        }
        if (Wire.startsWith(line, offset, length, USER)) {
            return "USER";
        }
        if (Wire.equals(line, offset, length, PONG)) {
            return "PONG";
        }
        if (Wire.equals(line, offset, length, OK)) {
            return "OK";
        }
        if (summaryCount(line, offset, length) >= 0) {
            return SUMMARY;
        }
        if (isLeave(line, offset, length)) {
            return LEAVE;
        }
        if (Wire.startsWith(line, offset, length, ERR) || Wire.startsWith(line, offset, length, INFO)) {
            return text(line, offset, length);
        }
        return "other: " + text(line, offset, Math.min(length, 20));
    }

    static String label(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return label(bytes, 0, bytes.length);
    }

    /** True for {@code INFO <name> disconnected}: one word between the two. */
    static boolean isLeave(byte[] line, int offset, int length) {
        if (!Wire.startsWith(line, offset, length, INFO) || !endsWith(line, offset, length, DISCONNECTED)) {
            return false;
        }
        int from = offset + INFO.length;
        int to = offset + length - DISCONNECTED.length;
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (line[i] == ' ') {
                return false;
            }
        }
        return true;
    }

    /** n of {@code INFO <n> more users disconnected}, or -1 for any other line. */
    static long summaryCount(byte[] line, int offset, int length) {
        if (!Wire.startsWith(line, offset, length, INFO) || !endsWith(line, offset, length, MORE_USERS)) {
            return -1;
        }
        return Wire.digits(line, offset + INFO.length, offset + length - MORE_USERS.length);
    }

    private static boolean endsWith(byte[] line, int offset, int length, byte[] suffix) {
        if (length < suffix.length) {
            return false;
        }
        int start = offset + length - suffix.length;
        for (int i = 0; i < suffix.length; i++) {
            if (line[start + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] line, int offset, int length) {
        String text = new String(line, offset, Math.min(length, LONGEST), StandardCharsets.UTF_8);
        return length > LONGEST ? text + "..." : text;
    }
}
