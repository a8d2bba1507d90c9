package io.socketchat.web;

import io.socketchat.testkit.TestClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A person at a terminal: a real {@code ncat} process connected to the chat port. */
final class NcatClient implements AutoCloseable {

    private final Process process;
    private final Writer input;
    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();

    private NcatClient(Process process) {
        this.process = process;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        // Process output has no read timeout, so a virtual thread reads it into a queue.
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // ncat ended: what it printed is in the queue
            }
        });
    }

    static NcatClient connect(int port) {
        try {
            return new NcatClient(new ProcessBuilder("ncat", "127.0.0.1", String.valueOf(port))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects and logs in, failing unless the server answers {@code OK}. */
    static NcatClient login(int port, String name) {
        NcatClient client = connect(port);
        client.send("LOGIN " + name);
        client.expect("OK"::equals);
        return client;
    }

    void send(String line) {
        try {
            input.write(line + "\n");
            input.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line that matches, skipping the others (notices of joins and leaves). */
    String expect(Predicate<String> wanted) {
        long deadline = System.nanoTime() + TestClient.DEFAULT_TIMEOUT.toNanos();
        try {
            while (true) {
                String line = output.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("ncat printed no matching line within " + TestClient.DEFAULT_TIMEOUT);
                }
                if (wanted.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String expectLine(String line) {
        return expect(line::equals);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
