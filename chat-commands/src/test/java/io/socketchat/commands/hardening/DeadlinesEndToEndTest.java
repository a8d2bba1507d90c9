package io.socketchat.commands.hardening;

import io.socketchat.server.ChatServer;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** --login-timeout, and partial lines not counting as activity. */
class DeadlinesEndToEndTest {

    @Test
    void aConnectionThatDoesNotLogInInTimeIsToldAndClosedWhileLoggedInUsersStay() {
        try (LogCapture logs = LogCapture.server();
             ChatServer server = Servers.start(b -> b.loginTimeout(Duration.ofSeconds(1)));
             TestClient user = TestClient.login(server.port(), "alice");
             TestClient silent = TestClient.connect(server.port());
             TestClient chatty = TestClient.connect(server.port())) {

            chatty.send("PING"); // commands allowed before login do not extend the deadline
            assertThat(chatty.readLine()).isEqualTo("PONG");

            assertThat(silent.readUntilClosed()).containsExactly("ERR login-timeout");
            assertThat(chatty.readUntilClosed()).containsExactly("ERR login-timeout");
            user.send("PING");
            assertThat(user.readLine()).isEqualTo("PONG");
            assertThat(logs.tagged("[DISCONNECT]")).filteredOn(line -> line.contains("reason=login-timeout")).hasSize(2);
        }
    }

    @Test
    void aLoginSentByteByByteSlowerThanTheDeadlineIsCutOff() throws IOException {
        try (ChatServer server = Servers.start(b -> b.loginTimeout(Duration.ofSeconds(1)));
             Socket socket = new Socket("127.0.0.1", server.port())) {
            String reply = trickleUntilALineArrives(socket, "LOGIN " + "s".repeat(30));
            assertThat(reply).isEqualTo("ERR login-timeout");
        }
    }

    @Test
    void bytesWithoutALineEndDoNotKeepASessionAlive() throws IOException {
        try (LogCapture logs = LogCapture.server();
             ChatServer server = Servers.start(b -> b.idleTimeout(Duration.ofSeconds(1)));
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("LOGIN trickler\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(socket, Duration.ofSeconds(10))).isEqualTo("OK");

            // A byte every 100 ms, never a LF: far more often than the 1 s idle timeout.
            String reply = trickleUntilALineArrives(socket, "MSG this line never ends ".repeat(20));

            assertThat(reply).isEqualTo("INFO disconnected due to inactivity");
            assertThat(logs.tagged("[DISCONNECT]")).singleElement().asString().contains("user=trickler", "reason=idle");
        }
    }

    /**
     * Sends one byte of {@code text} at a time, each after waiting up to 100 ms for a line from
     * the server; returns the first line that arrives. Bounded by the text's length.
     */
    private static String trickleUntilALineArrives(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        StringBuilder line = new StringBuilder();
        socket.setSoTimeout(100);
        InputStream in = socket.getInputStream();
        for (byte b : bytes) {
            out.write(b);
            out.flush();
            try {
                int c;
                while ((c = in.read()) >= 0) {
                    if (c == '\n') {
                        return line.toString();
                    }
                    line.append((char) c);
                }
                throw new AssertionError("closed without a line; read " + line);
            } catch (SocketTimeoutException stillWaiting) {
                // no line yet: send the next byte
            }
        }
        throw new AssertionError("no line while trickling " + bytes.length + " bytes");
    }

    private static String readLine(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = socket.getInputStream().read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }
}
