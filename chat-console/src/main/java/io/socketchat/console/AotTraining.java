package io.socketchat.console;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The training run for the JDK's ahead-of-time cache, run by the package step under
 * {@code -XX:AOTCacheOutput}: starts the server exactly as {@code chat-server} does, logs two
 * clients in and exchanges a few lines, then exits. The JVM records the classes this loaded and
 * linked; the launcher then starts with them ready ({@code -XX:AOTCache}), which roughly halves
 * the time to listening. Not part of the server's command line.
 */
public final class AotTraining {

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free now; the server binds it a moment later
        }
        String[] serverArgs = {"--port", Integer.toString(port), "--bind", "127.0.0.1", "--log-level", "WARN"};
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
        System.exit(0); // the shutdown hook stops the server as a signal would
    }

    private static Socket connect(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setSoTimeout(10_000);
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
