package io.socketchat.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Many numbered {@code MSG} lines, written as fast as the socket takes them and checked on
 * arrival: the load of the back-pressure tests. Line {@code i} is {@code MSG i <padding>}.
 *
 * @param lines   how many lines
 * @param padding text after each number
 */
public record NumberedStream(int lines, String padding) {

    /** Writes every line in writes of about 32 KB, on a virtual thread: the server may push back. */
    public CompletableFuture<Void> sendAll(TestClient sender) {
        return CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = sender.socket().getOutputStream();
                StringBuilder chunk = new StringBuilder();
                for (int i = 0; i < lines; i++) {
                    chunk.append("MSG ").append(i).append(' ').append(padding).append('\n');
                    if (chunk.length() > 32 * 1024 || i == lines - 1) {
                        out.write(chunk.toString().getBytes(StandardCharsets.US_ASCII));
                        chunk.setLength(0);
                    }
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> Thread.ofVirtual().start(task));
    }

    /**
     * Reads until every line from {@code senderName} arrived, failing at the first one missing
     * or out of order; other lines (e.g. {@code INFO x disconnected}) are skipped.
     */
    public void readAllInOrder(TestClient reader, String senderName) {
        String prefix = "MSG " + senderName + " ";
        int expected = 0;
        while (expected < lines) {
            String line = reader.readLine();
            if (!line.startsWith(prefix)) {
                continue;
            }
            String wanted = prefix + expected + " " + padding;
            if (!line.equals(wanted)) {
                throw new AssertionError("expected <" + wanted + "> but read <" + line + ">");
            }
            expected++;
        }
    }
}
