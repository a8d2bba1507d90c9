package io.socketchat.web;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import io.socketchat.server.store.MessageStore;
import io.socketchat.store.sqlite.SqliteStore;
import io.socketchat.store.sqlite.StoreSettings;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The counts the core and the store expose through small hooks (no Prometheus in them), as
 * {@code /metrics} shows them: login failures by reason, flood episodes, room messages, the
 * history writer's queue and commit times, log lines dropped; and the timing wrapper that still
 * names a failing plugin's handler.
 */
class MetricsCountsTest {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)");

    @TempDir
    Path dataDir;

    private static Map<String, Double> scrape(WebFixture chat) {
        HttpResponse<String> response = chat.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)),
                        Double.parseDouble(sample.group(3).replace("+Inf", "Infinity")));
            }
        }
        return samples;
    }

    @Test
    void loginFailuresByReasonFloodEpisodesAndRoomMessagesAreCounted() {
        try (WebFixture chat = WebFixture.start(WebFixture.config().loginTimeout(Duration.ofMillis(300))
                .floodRate(2).floodBurst(3), WebFixture.web())) {
            assertThat(scrape(chat).get("socketchat_flood_episodes_total")).isZero();
            WsClient alice = chat.login("alice");
            WsClient other = chat.connect();
            assertThat(other.send("LOGIN a b").read()).isEqualTo("ERR invalid-username");
            assertThat(other.send("LOGIN ALICE").read()).isEqualTo("ERR username-taken");
            assertThat(alice.send("LOGIN alice2").read()).isEqualTo("ERR already-logged-in");
            TestClient silent = chat.tcp(); // never logs in, nor does other
            assertThat(silent.readLine()).isEqualTo("ERR login-timeout");
            assertThat(other.read()).isEqualTo("ERR login-timeout");

            TestClient bob = chat.tcpLogin("bob");
            alice.send("JOIN #java");
            await().atMost(Duration.ofSeconds(10)).until(() -> "END HISTORY #java".equals(alice.read()));
            bob.send("JOIN #java");
            while (!bob.readLine().equals("END HISTORY #java")) {
                // OK and the listing
            }
            assertThat(alice.read()).isEqualTo("JOIN #java bob");
            bob.send("SAY #java hello");
            assertThat(alice.read()).isEqualTo("SAY #java bob hello");
            for (int i = 0; i < 4; i++) { // past the burst of 3 (the JOIN's reply is charged too): read more slowly
                bob.send("PING");
            }
            for (int i = 0; i < 4; i++) {
                assertThat(bob.readLine()).isEqualTo("PONG");
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Double> samples = scrape(chat);
                assertThat(samples.get("socketchat_login_failures_total{reason=\"invalid-username\"}")).isEqualTo(1);
                assertThat(samples.get("socketchat_login_failures_total{reason=\"username-taken\"}")).isEqualTo(1);
                assertThat(samples.get("socketchat_login_failures_total{reason=\"already-logged-in\"}")).isEqualTo(1);
                assertThat(samples.get("socketchat_login_failures_total{reason=\"login-timeout\"}")).isEqualTo(2);
                assertThat(samples.get("socketchat_flood_episodes_total")).isGreaterThanOrEqualTo(1);
                assertThat(samples.get("socketchat_messages_total{kind=\"room\"}")).isEqualTo(1);
                assertThat(samples.get("socketchat_deliveries_total")).isEqualTo(1);
            });
        }
    }

    @Test
    void theHistoryWritersQueueAndCommitTimesAndDroppedLogLinesAreReported() throws Exception {
        MessageStore store = SqliteStore.open(StoreSettings.in(dataDir).withFlush(Duration.ofMillis(20)));
        try (WebFixture chat = WebFixture.start(WebFixture.config(), WebFixture.web(), store)) {
            Map<String, Double> before = scrape(chat);
            assertThat(before.get("socketchat_history_queue_depth")).isZero();
            assertThat(before.get("socketchat_history_commit_seconds_count")).isZero();
            assertThat(before.get("socketchat_log_lines_dropped_total")).isZero();

            TestClient alice = chat.tcpLogin("alice");
            TestClient bob = chat.tcpLogin("bob");
            for (int i = 0; i < 5; i++) {
                alice.send("MSG stored " + i);
            }
            for (int i = 0; i < 5; i++) {
                assertThat(bob.readLine()).isEqualTo("MSG alice stored " + i);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Double> samples = scrape(chat);
                assertThat(samples.get("socketchat_history_commit_seconds_count")).isGreaterThanOrEqualTo(1);
                assertThat(samples.get("socketchat_history_commit_seconds_bucket{le=\"+Inf\"}"))
                        .isEqualTo(samples.get("socketchat_history_commit_seconds_count"));
                assertThat(samples.get("socketchat_history_queue_depth")).isZero();
                assertThat(samples.get("socketchat_history_lost_total")).isZero();
            });

            chat.webPort().countLogDrops(() -> 42); // the console passes its log writer's count
            assertThat(scrape(chat).get("socketchat_log_lines_dropped_total")).isEqualTo(42);
        }
    }

    @Test
    void aFailingPluginCommandIsLoggedUnderItsOwnHandlerNotTheTimingWrapper() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger serverLogger = (Logger) LoggerFactory.getLogger("io.socketchat.server");
        log.start();
        serverLogger.addAppender(log);
        try (WebFixture chat = WebFixture.start(WebFixture.config(), WebFixture.web(), MessageStore.none(),
                List.of(new FailingCommand()))) {
            TestClient alice = chat.tcpLogin("alice");
            alice.send("BOOM");
            assertThat(alice.readLine()).isEqualTo("ERR internal-error");
            String line = log.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.startsWith("[ERROR] command=BOOM")).findFirst().orElseThrow();
            assertThat(line).contains("handler=" + FailingCommand.class.getName() + " (").doesNotContain("WebMetrics");
            assertThat(scrape(chat).get("socketchat_command_duration_seconds_count{command=\"BOOM\"}")).isEqualTo(1);
        } finally {
            serverLogger.detachAppender(log);
        }
    }

    /** A plugin's command that always fails. */
    public static final class FailingCommand implements CommandHandler {
        @Override
        public CommandSpec spec() {
            return CommandSpec.of("BOOM");
        }

        @Override
        public void handle(CommandContext context) {
            throw new IllegalStateException("the plugin is broken");
        }
    }
}
