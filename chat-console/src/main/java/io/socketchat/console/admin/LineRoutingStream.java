package io.socketchat.console.admin;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An output stream that hands each complete line to a consumer. While the shell is open,
 * {@code System.out} and {@code System.err} are replaced by these, feeding
 * {@code LineReader.printAbove}, so log lines appear above the prompt and never inside what
 * the operator is typing.
 */
final class LineRoutingStream extends OutputStream {

    private Consumer<String> lines;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256);
    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: callers may be virtual threads

    LineRoutingStream(Consumer<String> lines) {
        this.lines = lines;
    }

    /**
     * From now on, lines go to {@code next}. Returns only after a line being handed over has
     * been delivered, so the old consumer (the prompt) can be torn down safely.
     */
    void redirect(Consumer<String> next) {
        lock.lock();
        try {
            lines = next;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(int b) {
        lock.lock();
        try {
            if (b == '\n') {
                emit();
            } else {
                pending.write(b);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        lock.lock();
        try {
            int start = offset;
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    pending.write(bytes, start, i - start);
                    emit();
                    start = i + 1;
                }
            }
            pending.write(bytes, start, offset + length - start);
        } finally {
            lock.unlock();
        }
    }

    private void emit() {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
}
