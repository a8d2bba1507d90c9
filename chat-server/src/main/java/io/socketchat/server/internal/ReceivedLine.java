package io.socketchat.server.internal;

import io.socketchat.protocol.Request;
import io.socketchat.protocol.Utf8;

/**
 * One framed line, decoded once, on its way from the input pipeline to the session.
 *
 * @param text    the line as text, or {@code null} if it is not UTF-8
 * @param request the parsed request, or {@code null} if the line is blank (or not UTF-8)
 * @param bytes   its length on the wire, for the limits and the memory budget
 */
record ReceivedLine(String text, Request request, int bytes) {

    /** The stand-in for a line that was too long: it is answered, never read. */
    static final ReceivedLine TOO_LONG = new ReceivedLine(null, null, 0);

    static ReceivedLine decode(byte[] bytes, int offset, int length) {
        String text = Utf8.decode(bytes, offset, length);
        return new ReceivedLine(text, text == null ? null : Request.parse(text), length);
    }

    boolean tooLong() {
        return this == TOO_LONG;
    }
}
