package io.socketchat.commands.hardening;

import io.socketchat.server.ChatServer;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing lost around login: once a client has read its {@code OK}, every later message
 * reaches it, and no chat line ever arrives before the {@code OK}.
 */
class LoginVisibilityTest {

    @Test
    void aMessageSentRightAfterSomeoneReadsOkReachesThem() {
        // Every leave announced (300 in a few seconds is past the default notice rate).
        try (ChatServer server = Servers.start(b -> b.floodRate(0).leaveNoticesPerSecond(10_000));
             TestClient sender = TestClient.login(server.port(), "sender")) {
            for (int i = 0; i < 300; i++) {
                try (TestClient newcomer = TestClient.login(server.port(), "newcomer" + i)) {
                    sender.send("MSG welcome " + i);
                    assertThat(newcomer.readLine()).isEqualTo("MSG sender welcome " + i);
                }
                assertThat(sender.readLine()).isEqualTo("INFO newcomer" + i + " disconnected");
            }
        }
    }
}
