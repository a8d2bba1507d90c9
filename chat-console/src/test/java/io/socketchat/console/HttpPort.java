package io.socketchat.console;

import io.socketchat.testkit.ServerProcess;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The HTTP port of a server process: found in its {@code [HTTP]} line, asked over a plain socket (this module does not read the JDK's HTTP client). */
final class HttpPort {

    private static final Pattern HTTP_PORT = Pattern.compile("\\[HTTP] address=127\\.0\\.0\\.1 port=(\\d+)");

    private HttpPort() {
    }

    /** Waits for the server's {@code [HTTP]} line; returns its port. */
    static int of(ServerProcess server) {
        String line = server.awaitOutput(l -> l.contains("[HTTP]"));
        Matcher matcher = HTTP_PORT.matcher(line);
        if (!matcher.find()) {
            throw new AssertionError("no 127.0.0.1 port in " + line);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** The whole response to {@code GET path}. */
    static String get(int port, String path) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /readyz}: the status code and the body's line, e.g. {@code 503 store unavailable}. */
    static String readyz(int port) {
        List<String> lines = get(port, "/readyz").lines().toList();
        return lines.getFirst().split(" ")[1] + " " + lines.getLast().strip();
    }
}
