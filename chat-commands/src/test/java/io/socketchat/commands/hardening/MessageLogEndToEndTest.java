package io.socketchat.commands.hardening;

import io.socketchat.server.ChatServer;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the {@code [MSG]} and {@code [DM]} log lines say: the sender, the recipient as it logged
 * in, the size in UTF-8 bytes, and the text only with {@code --log-text} (ServerConfig.logText).
 */
class MessageLogEndToEndTest {

    @Test
    void byDefaultTheLinesCarryTheByteSizeAndNoText() {
        try (LogCapture logs = LogCapture.commands();
             ChatServer server = Servers.start(b -> b);
             TestClient ann = TestClient.login(server.port(), "ann");
             TestClient bob = TestClient.login(server.port(), "Bob")) {
            ann.send("MSG hello world");
            ann.send("MSG h\u00e9 \u2603 \ud83d\ude00"); // 1 + 2 + 1 + 3 + 1 + 4 bytes
            ann.send("DM bOB psst \u00e9"); // typed in other case than Bob logged in with
            ann.send("DM nobody hello");
            assertThat(ann.readLine()).isEqualTo("ERR user-not-found");
            assertThat(ann.drain()).isEmpty(); // PONG: all four handled
            assertThat(bob.readLine()).isEqualTo("MSG ann hello world");
            assertThat(bob.readLine()).isEqualTo("MSG ann h\u00e9 \u2603 \ud83d\ude00");
            assertThat(bob.readLine()).isEqualTo("DM ann psst \u00e9");

            assertThat(logs.tagged("[MSG]")).containsExactly("[MSG] from=ann bytes=11", "[MSG] from=ann bytes=12");
            assertThat(logs.tagged("[DM]")).as("to= as Bob logged in; no line for an unknown user")
                    .containsExactly("[DM] from=ann to=Bob bytes=7");
        }
    }

    @Test
    void withLogTextTheLinesAlsoCarryTheQuotedText() {
        try (LogCapture logs = LogCapture.commands();
             ChatServer server = Servers.start(b -> b.logText(true));
             TestClient ann = TestClient.login(server.port(), "ann");
             TestClient bob = TestClient.login(server.port(), "Bob")) {
            ann.send("MSG say \"hi\"");
            ann.send("DM bob psst \u00e9");
            assertThat(ann.drain()).isEmpty();
            assertThat(bob.readLine()).isEqualTo("MSG ann say \"hi\"");
            assertThat(bob.readLine()).isEqualTo("DM ann psst \u00e9");

            assertThat(logs.tagged("[MSG]")).containsExactly("[MSG] from=ann bytes=8 text=\"say \\\"hi\\\"\"");
            assertThat(logs.tagged("[DM]")).containsExactly("[DM] from=ann to=Bob bytes=7 text=\"psst \u00e9\"");
        }
    }
}
