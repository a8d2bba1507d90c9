package io.socketchat.bench;

import java.util.Arrays;

/**
 * The bench's scenarios over IRC ({@code --dialect irc}), against SocketChat's IRC port,
 * ngIRCd or InspIRCd alike: a client registers with {@code NICK}/{@code USER}, joins
 * {@code #lobby} once the server's MOTD (or 422) ended, and counts as logged in at the
 * {@code PONG} of a {@code PING} sent after the {@code JOIN}. The scenarios still speak the line
 * protocol: each line they write is translated here ({@code MSG t} to {@code PRIVMSG #lobby :t},
 * {@code DM u t} to {@code PRIVMSG u :t}, {@code SAY #r t} to {@code PRIVMSG #r :t}), and each
 * {@code PRIVMSG} read becomes {@code MSG}, {@code SAY} or {@code DM} again, parsed as bytes. An
 * error numeric (400-599) or {@code ERROR} becomes an {@code ERR} line, which every scenario
 * counts; every other line is dropped.
 */
final class IrcDialect {

    static final String LOBBY = "#lobby";
    /** {@link #fromIrc}: the line is not for the scenario. */
    static final int DROP = -1;
    /** {@link #fromIrc}: registration is done (end of MOTD, or no MOTD): time to join. */
    static final int REGISTERED = -2;
    /** {@link #fromIrc}: the PONG after the JOIN: the client is in {@code #lobby}. */
    static final int JOINED = -3;

    private static final byte[] PRIVMSG = Wire.ascii("PRIVMSG ");
    private static final byte[] TO_LOBBY = Wire.ascii("PRIVMSG " + LOBBY + " :");
    private static final byte[] MSG = Wire.ascii("MSG ");
    private static final byte[] DM = Wire.ascii("DM ");
    private static final byte[] SAY = Wire.ascii("SAY ");
    private static final byte[] JOINED_TOKEN = Wire.ascii("bench-joined");
    static final byte[] JOIN = Wire.ascii("JOIN " + LOBBY + "\r\nPING :bench-joined\r\n");
    /** For idle clients ({@code --dialect irc-idle}): no channel, only the PING that ends the login. */
    static final byte[] READY = Wire.ascii("PING :bench-joined\r\n");

    private IrcDialect() {
    }

    static byte[] register(String name) {
        return Wire.ascii("NICK " + name + "\r\nUSER " + name + " 0 * :" + name + "\r\n");
    }

    /** A growable buffer for translated output, one per writing client. */
    static final class Scratch {
        byte[] bytes = new byte[1024];
        int length;

        void put(byte[] source, int offset, int count) {
            if (length + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + count, bytes.length * 2));
            }
            System.arraycopy(source, offset, bytes, length, count);
            length += count;
        }

        void put(byte b) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = b;
        }
    }

    /** Translates the protocol lines in {@code [offset, offset+length)} into IRC lines in {@code out} (emptied first). */
    static void toIrc(byte[] bytes, int offset, int length, Scratch out) {
        out.length = 0;
        int end = offset + length;
        int start = offset;
        while (start < end) {
            int lf = Wire.indexOfNewline(bytes, start, end);
            int lineEnd = lf < 0 ? end : lf;
            int lineLength = lineEnd - start;
            if (Wire.startsWith(bytes, start, lineLength, MSG)) {
                out.put(TO_LOBBY, 0, TO_LOBBY.length);
                out.put(bytes, start + MSG.length, lineEnd - start - MSG.length);
            } else if (Wire.startsWith(bytes, start, lineLength, DM) || Wire.startsWith(bytes, start, lineLength, SAY)) {
                int targetStart = Wire.nextSpace(bytes, start, lineEnd) + 1;
                int targetEnd = Wire.nextSpace(bytes, targetStart, lineEnd);
                out.put(PRIVMSG, 0, PRIVMSG.length);
                out.put(bytes, targetStart, targetEnd - targetStart);
                out.put((byte) ' ');
                out.put((byte) ':');
                if (targetEnd + 1 < lineEnd) {
                    out.put(bytes, targetEnd + 1, lineEnd - targetEnd - 1);
                }
            } else {
                out.put(bytes, start, lineLength);
            }
            out.put((byte) '\r');
            out.put((byte) '\n');
            start = lineEnd + 1;
        }
    }

    /**
     * Translates one IRC line (without CR LF) into a protocol line in {@code out}: its length,
     * or {@link #DROP}, {@link #REGISTERED}, {@link #JOINED}.
     */
    static int fromIrc(byte[] bytes, int offset, int length, byte[] out) {
        int end = offset + length;
        if (end > offset && bytes[end - 1] == '\r') {
            end--;
        }
        int i = offset;
        int nickStart = -1;
        int nickEnd = -1;
        if (i < end && bytes[i] == ':') {
            nickStart = i + 1;
            int prefixEnd = Wire.nextSpace(bytes, i, end);
            nickEnd = nickStart;
            while (nickEnd < prefixEnd && bytes[nickEnd] != '!') {
                nickEnd++;
            }
            i = prefixEnd + 1;
        }
        int commandEnd = Wire.nextSpace(bytes, i, end);
        int commandLength = commandEnd - i;
        if (commandLength == 7 && Wire.startsWith(bytes, i, commandLength, Wire.ascii("PRIVMSG")) && nickStart >= 0) {
            int targetStart = commandEnd + 1;
            int targetEnd = Wire.nextSpace(bytes, targetStart, end);
            int textStart = targetEnd + 1;
            if (textStart < end && bytes[textStart] == ':') {
                textStart++;
            }
            int at = 0;
            boolean channel = targetStart < end && bytes[targetStart] == '#';
            boolean lobby = channel && targetEnd - targetStart == LOBBY.length()
                    && Wire.startsWith(bytes, targetStart, LOBBY.length(), Wire.ascii(LOBBY));
            if (lobby) {
                at = copy(MSG, 0, MSG.length, out, at);
            } else if (channel) {
                at = copy(SAY, 0, SAY.length, out, at);
                at = copy(bytes, targetStart, targetEnd - targetStart, out, at);
                out[at++] = ' ';
            } else {
                at = copy(DM, 0, DM.length, out, at);
            }
            at = copy(bytes, nickStart, nickEnd - nickStart, out, at);
            out[at++] = ' ';
            return copy(bytes, textStart, Math.max(0, end - textStart), out, at);
        }
        if (commandLength == 3 && isDigit(bytes[i]) && isDigit(bytes[i + 1]) && isDigit(bytes[i + 2])) {
            int code = (bytes[i] - '0') * 100 + (bytes[i + 1] - '0') * 10 + (bytes[i + 2] - '0');
            if (code == 376 || code == 422) {
                return REGISTERED;
            }
            if (code >= 400 && code < 600) {
                return copy(Wire.ascii("ERR irc-" + code), 0, 11, out, 0);
            }
            return DROP;
        }
        if (commandLength == 4 && Wire.startsWith(bytes, i, 4, Wire.ascii("PONG"))) {
            return contains(bytes, commandEnd, end, JOINED_TOKEN) ? JOINED : DROP;
        }
        if (commandLength == 5 && Wire.startsWith(bytes, i, 5, Wire.ascii("ERROR"))) {
            return copy(Wire.ascii("ERR closing"), 0, 11, out, 0);
        }
        return DROP;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int copy(byte[] source, int offset, int length, byte[] out, int at) {
        int count = Math.min(length, out.length - at);
        System.arraycopy(source, offset, out, at, count);
        return at + count;
    }

    private static boolean contains(byte[] bytes, int from, int to, byte[] token) {
        for (int i = from; i + token.length <= to; i++) {
            if (Wire.startsWith(bytes, i, token.length, token)) {
                return true;
            }
        }
        return false;
    }
}
