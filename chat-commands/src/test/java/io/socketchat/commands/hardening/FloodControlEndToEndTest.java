package io.socketchat.commands.hardening;

import io.socketchat.server.ChatServer;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** --flood-rate and --flood-burst: a flooder is slowed down, never loses a line, and slows no one else. */
class FloodControlEndToEndTest {

    private static final int LINES = 200;

    @Test
    void aFloodIsDeliveredCompleteInOrderLoggedOnceAndOthersAreNotSlowed() {
        try (LogCapture logs = LogCapture.server();
             ChatServer server = Servers.start(b -> b.floodRate(50).floodBurst(5));
             TestClient receiver = TestClient.login(server.port(), "receiver");
             TestClient bystander = TestClient.login(server.port(), "bystander");
             TestClient flooder = TestClient.login(server.port(), "flooder")) {
            long linesBefore = server.stats().linesIn();

            flooder.sendRaw(numberedMessages(LINES)); // one write: all 200 lines at once

            // 195 lines over the burst at 50/s take about 4 s; the bystander is answered meanwhile.
            bystander.send("PING");
            assertThat(bystander.readUntil("PONG")).last().isEqualTo("PONG");
            assertThat(server.stats().linesIn() - linesBefore)
                    .as("the flooder's lines are still being read slowly when the bystander is answered")
                    .isLessThan(LINES + 1);

            List<String> received = new ArrayList<>();
            for (int i = 0; i < LINES; i++) {
                received.add(receiver.readLine());
            }
            assertThat(received).isEqualTo(expectedMessages("flooder", LINES));
            // Once per episode, not per line: one episode, unless a loaded machine paused the
            // reader long enough for the bucket to refill in between (each refill ends one).
            assertThat(logs.tagged("[FLOOD]")).as("[FLOOD] lines for 195 delayed lines")
                    .isNotEmpty().hasSizeLessThanOrEqualTo(5).allMatch(line -> line.contains("user=flooder"));
            flooder.send("PING");
            assertThat(flooder.readLine()).isEqualTo("PONG");
        }
    }

    @Test
    void withFloodRateZeroNothingIsThrottledOrLogged() {
        try (LogCapture logs = LogCapture.server();
             ChatServer server = Servers.start(b -> b.floodRate(0));
             TestClient receiver = TestClient.login(server.port(), "receiver");
             TestClient sender = TestClient.login(server.port(), "sender")) {

            sender.sendRaw(numberedMessages(LINES));
            List<String> received = new ArrayList<>();
            for (int i = 0; i < LINES; i++) {
                received.add(receiver.readLine());
            }

            assertThat(received).isEqualTo(expectedMessages("sender", LINES));
            assertThat(logs.tagged("[FLOOD]")).isEmpty();
        }
    }

    private static byte[] numberedMessages(int count) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append("MSG line ").append(i).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> expectedMessages(String sender, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("MSG " + sender + " line " + i);
        }
        return lines;
    }
}
