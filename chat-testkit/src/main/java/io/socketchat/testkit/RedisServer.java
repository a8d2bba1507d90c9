package io.socketchat.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis server of the test's own: {@code redis-server} with a config file in a temporary
 * directory, {@code port} a free 127.0.0.1 port, {@code dir} that directory, no persistence
 * unless asked ({@link Options#persistent}), optionally a password.
 *
 * <p>Faults: {@link #pause()} and {@link #resume()} send SIGSTOP and SIGCONT (a server that hangs
 * with its connections open), {@link #stop()} ends it (SIGTERM) and {@link #start()} starts it
 * again on the same port. {@link #close()} stops it and deletes the directory.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    /**
     * @param password    {@code requirepass}, or {@code null} for none
     * @param persistent  append-only file in the directory (it survives {@link #stop()}/{@link #start()})
     */
    public record Options(String password, boolean persistent) {
        public static final Options DEFAULT = new Options(null, false);
    }

    private final Path directory;
    private final Options options;
    private int port;
    private Process process;
    private boolean paused;

    private RedisServer(Path directory, Options options) {
        this.directory = directory;
        this.options = options;
    }

    /** A new server without a password or persistence, started and answering {@code PING}. */
    public static RedisServer launch() {
        return launch(Options.DEFAULT);
    }

    public static RedisServer launch(Options options) {
        try {
            RedisServer server = new RedisServer(Files.createTempDirectory("socketchat-redis-"), options);
            // A test JVM that ends without closing it (a crash, a timeout) must not leave a server behind.
            Runtime.getRuntime().addShutdownHook(new Thread(server::closeQuietly, "redis-server-stop"));
            IllegalStateException last = null;
            for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
                server.port = ExternalCommand.freePort();
                try {
                    server.start();
                    return server;
                } catch (IllegalStateException e) {
                    last = e; // the port was taken in between: another one
                }
            }
            server.close();
            throw last;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a Redis directory", e);
        }
    }

    /** Starts the server (again) on its port and waits until it answers {@code PING}. */
    public synchronized void start() {
        if (process != null) {
            return;
        }
        try {
            Path config = writeConfig();
            Path log = directory.resolve("redis.log");
            process = new ProcessBuilder("redis-server", config.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run redis-server (apt-get install redis-server)", e);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                process.destroyForcibly();
                process = null;
                throw new IllegalStateException("redis-server did not start on port " + port + ": " + logTail());
            }
            Thread.onSpinWait();
            try {
                process.waitFor(20, TimeUnit.MILLISECONDS); // the poll's pause: returns at once if it died
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted starting redis-server", e);
            }
        }
    }

    private Path writeConfig() throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "port " + port,
                "bind 127.0.0.1",
                "dir " + directory,
                "daemonize no",
                "protected-mode no",
                "save \"\"",
                "appendonly " + (options.persistent() ? "yes" : "no")));
        if (options.password() != null) {
            lines.add("requirepass " + options.password());
        }
        Path config = directory.resolve("redis.conf");
        Files.write(config, lines, StandardCharsets.UTF_8);
        return config;
    }

    /** One {@code PING} over a fresh connection: whether the server answers now. */
    public boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            if (options.password() != null) {
                out.write(("AUTH " + options.password() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write("PING\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            if (options.password() != null && !"+OK".equals(in.readLine())) {
                return false;
            }
            return "+PONG".equals(in.readLine());
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGSTOP: the server keeps its port and connections but answers nothing until {@link #resume()}. */
    public synchronized void pause() {
        ExternalCommand.signal(requireRunning().pid(), "STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    public synchronized void resume() {
        ExternalCommand.signal(requireRunning().pid(), "CONT");
        paused = false;
    }

    /** Ends the server (SIGTERM, or SIGKILL after 30 s); {@link #start()} brings it back on the same port. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        if (paused) {
            resume();
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    private Process requireRunning() {
        if (process == null) {
            throw new IllegalStateException("redis-server is not running");
        }
        return process;
    }

    public int port() {
        return port;
    }

    /** {@code redis://[:password@]127.0.0.1:<port>}, as an operator writes it for {@code --cluster}. */
    public String url() {
        return "redis://" + (options.password() == null ? "" : ":" + options.password() + "@") + "127.0.0.1:" + port;
    }

    public synchronized long pid() {
        return requireRunning().pid();
    }

    public Path directory() {
        return directory;
    }

    public String logTail() {
        return ExternalCommand.tail(directory.resolve("redis.log"));
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException ignored) {
            // at JVM exit: nothing left to report to
        }
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            ExternalCommand.deleteTree(directory);
        }
    }
}
