package io.socketchat.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The training run for the JDK's ahead-of-time cache, run by the package step under
 * {@code -XX:AOTCacheOutput}: starts the server exactly as {@code chat-server} does, logs two
 * clients in and exchanges a few lines, then drives a few crowds of clients through the busy
 * paths (log in, broadcast, DM, PING, leave) and exits. The JVM records the classes this loaded
 * and linked, and the method profiles the crowds produced; the launcher then starts with them
 * ready ({@code -XX:AOTCache}), which roughly halves the time to listening, and the JIT compiles
 * the login and delivery paths from the first burst of clients instead of during it. Not part
 * of the server's command line.
 */
public final class AotTraining {

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free now; the server binds it a moment later
        }
        // Logging at INFO, as the server runs: the [LOGIN]/[MSG] lines are on the paths to profile
        // (the package step sends this output to target/aot-training.log).
        // No admin socket: its one place may belong to a server running on this machine. History
        // in a directory of its own, not data/ wherever the package step runs; HTTP on any free port.
        java.nio.file.Path data = java.nio.file.Files.createTempDirectory("socketchat-aot-training-");
        String[] serverArgs = {"--port", Integer.toString(port), "--bind", "127.0.0.1", "--no-admin-socket",
                "--data-dir", data.toString(), "--http-port", "0"};
        Thread server = new Thread(() -> ServerCommand.commandLine(Map.of()).execute(serverArgs), "aot-training-server");
        server.setDaemon(true);
        server.start();
        try (Socket alice = connect(port); Socket bob = connect(port)) {
            talk(alice, "LOGIN alice", "OK");
            talk(bob, "LOGIN bob", "OK");
            talk(alice, "MSG hello", null);
            expect(bob, "MSG alice hello");
            talk(bob, "DM alice hi", null);
            expect(alice, "DM bob hi");
            talk(alice, "WHO", "USER alice");
            talk(bob, "PING", "PONG");
        }
        for (int round = 0; round < CROWD_ROUNDS; round++) {
            crowd(port, "t" + round + "u");
        }
        System.exit(0); // the shutdown hook stops the server as a signal would
    }

    /** Crowds of this many clients, this many times: enough calls for the JIT to profile. */
    private static final int CROWD_SIZE = 1000;
    private static final int CROWD_ROUNDS = 4;
    private static final int CROWD_THREADS = 8;
    private static final int BROADCASTS = 20;

    /**
     * Logs {@link #CROWD_SIZE} clients in from a few threads, has some of them broadcast (every
     * client reads every broadcast), pairs them for a DM and a PING each, then closes them all
     * (the server sends the disconnect notices to those still there).
     */
    private static void crowd(int port, String prefix) throws Exception {
        Crowd crowd = new Crowd(CROWD_SIZE);
        try {
            inParallel(i -> {
                crowd.clients[i] = connect(port);
                crowd.readers[i] = reader(crowd.clients[i]);
                send(crowd.clients[i], "LOGIN " + prefix + i);
                expect(crowd.readers[i], "OK");
            });
            for (int b = 0; b < BROADCASTS; b++) {
                send(crowd.clients[b], "MSG training line " + b);
            }
            inParallel(i -> {
                // Lines of different senders may arrive in any order: count them.
                for (int b = i < BROADCASTS ? 1 : 0; b < BROADCASTS; b++) {
                    expect(crowd.readers[i], "MSG " + prefix);
                }
            });
            inParallel(i -> {
                send(crowd.clients[i], "DM " + prefix + (i ^ 1) + " hi from " + i);
                expect(crowd.readers[i], "DM " + prefix + (i ^ 1) + " hi from " + (i ^ 1));
                send(crowd.clients[i], "PING");
                expect(crowd.readers[i], "PONG");
            });
        } finally {
            crowd.close();
        }
    }

    private record Crowd(Socket[] clients, BufferedReader[] readers) {
        Crowd(int size) {
            this(new Socket[size], new BufferedReader[size]);
        }

        void close() throws IOException {
            for (Socket client : clients) {
                if (client != null) {
                    client.close();
                }
            }
        }
    }

    private interface ClientStep {
        void run(int client) throws Exception;
    }

    /** Runs {@code step} for every client of a crowd, split over {@link #CROWD_THREADS} threads. */
    private static void inParallel(ClientStep step) throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(CROWD_THREADS)) {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < CROWD_THREADS; t++) {
                int first = t;
                parts.add(threads.submit(() -> {
                    for (int i = first; i < CROWD_SIZE; i += CROWD_THREADS) {
                        step.run(i);
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 512);
    }

    private static void send(Socket socket, String line) throws IOException {
        socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Reads lines until one starts with {@code reply}, skipping others (such as notices). */
    private static void expect(BufferedReader reader, String reply) throws IOException {
        for (String line = reader.readLine(); ; line = reader.readLine()) {
            if (line == null) {
                throw new IOException("connection closed while waiting for " + reply);
            }
            if (line.startsWith(reply)) {
                return;
            }
        }
    }

    private static Socket connect(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setSoTimeout(10_000);
                socket.setTcpNoDelay(true); // a client's lines go out at once, as ncat's do
                return socket;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(10); // the server is still starting
            }
        }
    }

    private static void talk(Socket socket, String line, String reply) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (reply != null) {
            expect(socket, reply);
        }
    }

    private static void expect(Socket socket, String reply) throws IOException {
        // One byte at a time: no buffered reader may swallow the next reply.
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = socket.getInputStream().read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed while waiting for " + reply);
            }
            line.append((char) b);
        }
        if (!line.toString().startsWith(reply)) {
            throw new IOException("expected " + reply + " but read " + line);
        }
    }
}
