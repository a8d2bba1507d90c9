package io.socketchat.console;

import io.socketchat.testkit.ServerProcess;
import io.socketchat.console.admin.MiniJson;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --log-format json}: every line of a real session is one JSON object with the fields of its event. */
class JsonLogTest {

    @TempDir
    Path work;

    @Test
    void everyLineOfASessionIsAJsonObjectWithItsTagAndFields() throws Exception {
        List<Map<String, Object>> lines;
        try (ServerProcess server = ModulePathLaunch.start(work, Map.of("CHAT_LOG_FORMAT", "json"),
                "--bind", "127.0.0.1", "--port", "0", "--no-admin-socket", "--flood-rate", "0",
                "--max-line", "1KiB", "--send-queue", "1KiB")) {
            Map<String, Object> start = MiniJson.parseObject(server.awaitOutput(line -> line.contains("\"tag\":\"START\"")));
            int port = ((Long) start.get("port")).intValue();
            try (TestClient slow = TestClient.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
                 TestClient talker = TestClient.login(port, "talker")) {
                slow.send("LOGIN slow");
                server.awaitOutput(line -> line.contains("\"tag\":\"LOGIN\"") && line.contains("\"user\":\"slow\""));
                String text = "x".repeat(900);
                // more than the socket buffers of a reader that never reads can hold
                for (int i = 0; i < 8000; i++) {
                    talker.send("MSG " + text);
                    if (i % 100 == 99) {
                        talker.send("PING");
                        talker.readUntil("PONG");
                    }
                }
                server.awaitOutput(line -> line.contains("\"tag\":\"SLOW\""));
            }
            // the log has caught up with the session (a stop waits at most 1 s for a lagging stdout)
            server.awaitOutput(line -> line.contains("\"tag\":\"DISCONNECT\"") && line.contains("\"user\":\"talker\""));
            server.terminate();
            server.awaitOutput(line -> line.contains("\"tag\":\"SHUTDOWN\"") && line.contains("\"stage\":\"done\""));
            assertThat(server.awaitExit()).isZero();
            lines = server.output().stream().map(MiniJson::parseObject).toList();
        }

        assertThat(lines).allSatisfy(line -> assertThat(line).containsKeys("time", "level", "logger", "message"));
        Map<String, Object> slow = only(lines, "SLOW");
        assertThat(slow).containsEntry("level", "WARN").containsEntry("user", "slow")
                .containsEntry("reason", "send-queue-full").containsEntry("logger", "io.socketchat.server");
        assertThat(slow.get("queued")).isInstanceOf(Long.class);
        assertThat(lines).filteredOn(line -> "SHUTDOWN".equals(line.get("tag")))
                .extracting(line -> line.get("stage")).contains("begin", "done");
        assertThat(lines).filteredOn(line -> "LOGIN".equals(line.get("tag")))
                .extracting(line -> line.get("user")).contains("slow", "talker");
        assertThat((String) lines.get(0).get("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}([+-]\\d\\d:\\d\\d|Z)");
    }

    private static Map<String, Object> only(List<Map<String, Object>> lines, String tag) {
        List<Map<String, Object>> tagged = lines.stream().filter(line -> tag.equals(line.get("tag"))).toList();
        assertThat(tagged).as("[%s] lines", tag).isNotEmpty();
        return tagged.get(0);
    }
}
