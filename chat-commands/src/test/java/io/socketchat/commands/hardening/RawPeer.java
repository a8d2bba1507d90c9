package io.socketchat.commands.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A client whose own virtual thread reads everything the server sends, as raw bytes, so a test
 * can check exactly what reached it (strict UTF-8, no control characters) while it keeps sending.
 */
final class RawPeer implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final List<byte[]> lines = new ArrayList<>();
    private final Thread reader;
    private volatile boolean closedByServer;

    RawPeer(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reader = Thread.ofVirtual().name("raw-peer-reader").start(this::readAll);
    }

    private void readAll() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            int read;
            while ((read = in.read(buffer)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        synchronized (lines) {
                            lines.add(line.toByteArray());
                        }
                        line.reset();
                    } else {
                        line.write(buffer[i]);
                    }
                }
            }
        } catch (IOException ignored) {
            // closed by the test or reset: reading ends either way
        }
        closedByServer = true;
    }

    RawPeer send(String line) {
        return sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    RawPeer sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line received so far, decoded strictly; an invalid one fails the test. */
    List<String> lines() {
        List<byte[]> copy;
        synchronized (lines) {
            copy = List.copyOf(lines);
        }
        List<String> decoded = new ArrayList<>(copy.size());
        for (byte[] bytes : copy) {
            decoded.add(strictUtf8(bytes));
        }
        return decoded;
    }

    long count(String line) {
        return lines().stream().filter(line::equals).count();
    }

    boolean isClosedByServer() {
        return closedByServer;
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("the server sent a line that is not valid UTF-8: " + java.util.HexFormat.of().formatHex(bytes));
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // best effort
        }
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
