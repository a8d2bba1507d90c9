package io.socketchat.irc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Bytes of IRC lines waiting for the socket, appended by the codec; not thread-safe (its connection locks). */
final class IrcOutput {

    private static final byte[] CRLF = {'\r', '\n'};

    byte[] bytes;
    int size;
    /** The codec asked to close the connection once what is here has been written (QUIT, ERROR). */
    boolean closeAfterWrite;

    IrcOutput(int capacity) {
        bytes = new byte[capacity];
    }

    /** Appends one IRC line; CRLF is added. */
    void line(String line) {
        byte[] encoded = line.getBytes(StandardCharsets.UTF_8);
        append(encoded, 0, encoded.length);
        append(CRLF, 0, 2);
    }

    void append(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    void append(byte b) {
        ensure(1);
        bytes[size++] = b;
    }

    void ascii(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
    }

    void crlf() {
        append(CRLF, 0, 2);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
        }
    }
}
