package io.socketchat.protocol;

/**
 * Removes telnet negotiation from a client's byte stream, so a telnet client's option
 * requests (IAC WILL/WONT/DO/DONT option, IAC SB ... IAC SE, IAC NOP, IAC IP, ...) are never
 * taken for text nor relayed to other users.
 *
 * <p>Stripping is safe for a UTF-8 protocol: the IAC byte 0xFF never occurs in valid UTF-8,
 * so no text byte is ever mistaken for a command. An escaped data byte (IAC IAC) stays as
 * one 0xFF, which then makes its line invalid UTF-8, as it is. A subnegotiation that never
 * ends swallows what follows up to the next line end without buffering it.
 *
 * <p>A line end (LF) is never swallowed: it ends any unfinished sequence and passes through,
 * so stray 0xFF bytes in a garbage line can never merge it with the next one (the line then
 * gets its usual answer). Real telnet clients never put an LF inside a negotiation.
 *
 * <p>Holds state between calls (a sequence may be split across reads). Not thread-safe:
 * one filter belongs to one connection's reader.
 */
public final class TelnetFilter {

    private static final byte IAC = (byte) 0xFF;
    private static final int SE = 240;
    private static final int SB = 250;
    private static final int WILL = 251;
    private static final int DONT = 254;

    private static final int DATA = 0;
    private static final int COMMAND = 1;
    private static final int OPTION = 2;
    private static final int SUBNEGOTIATION = 3;
    private static final int SUBNEGOTIATION_IAC = 4;

    private int state = DATA;

    /**
     * Drops the telnet commands in {@code bytes[offset, offset+length)}, moving the kept
     * bytes down in place.
     *
     * @return how many bytes are kept, starting at {@code offset}
     */
    public int filter(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int first = offset;
        if (state == DATA) {
            // The common case: no IAC at all, nothing to move.
            while (first < end && bytes[first] != IAC) {
                first++;
            }
            if (first == end) {
                return length;
            }
        }
        int kept = first;
        for (int i = first; i < end; i++) {
            byte b = bytes[i];
            int value = b & 0xFF;
            if (b == '\n' && state != DATA) {
                state = DATA; // line framing wins over an unfinished command
                bytes[kept++] = b;
                continue;
            }
            switch (state) {
                case DATA -> {
                    if (b == IAC) {
                        state = COMMAND;
                    } else {
                        bytes[kept++] = b;
                    }
                }
                case COMMAND -> {
                    if (b == IAC) {
                        bytes[kept++] = b; // IAC IAC: one data byte 0xFF
                        state = DATA;
                    } else if (value == SB) {
                        state = SUBNEGOTIATION;
                    } else if (value >= WILL && value <= DONT) {
                        state = OPTION;
                    } else {
                        state = DATA; // a two-byte command: NOP, IP, AYT, GA, ...
                    }
                }
                case OPTION -> state = DATA; // the option code of WILL/WONT/DO/DONT
                case SUBNEGOTIATION -> {
                    if (b == IAC) {
                        state = SUBNEGOTIATION_IAC;
                    }
                }
                default -> state = value == SE ? DATA : SUBNEGOTIATION; // IAC SE ends it; IAC IAC is data
            }
        }
        return kept - offset;
    }

    /** True while a command sequence is unfinished: the next bytes may still be part of it. */
    public boolean inCommand() {
        return state != DATA;
    }
}
