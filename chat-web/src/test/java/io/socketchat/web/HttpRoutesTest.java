package io.socketchat.web;

import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HTTP routes other than the socket: metrics in Prometheus text, health, the page's files. */
class HttpRoutesTest {

    /** A sample line of the Prometheus text format: name, optional labels, a value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( [0-9]+)?");

    /** Every sample by name and labels ({@code socketchat_connections{transport="websocket"}}); fails on a line that is not the format. */
    private static Map<String, Double> scrape(WebFixture chat) {
        HttpResponse<String> response = chat.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a Prometheus sample line: %s", line).isTrue();
            samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)), Double.parseDouble(
                    sample.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
        }
        return samples;
    }

    private static double value(WebFixture chat, String sample) {
        return scrape(chat).getOrDefault(sample, 0.0);
    }

    @Test
    void metricsParseAsPrometheusTextAndMoveWithTraffic() {
        try (WebFixture chat = WebFixture.start()) {
            Map<String, Double> before = scrape(chat);
            assertThat(before).containsKeys("socketchat_lines_in_total", "socketchat_users", "jvm_threads_current",
                    "jvm_memory_used_bytes{area=\"heap\"}");
            assertThat(before.get("socketchat_connections{transport=\"websocket\"}")).isZero();

            WsClient alice = chat.login("alice");
            TestClient bob = chat.tcpLogin("bob");
            alice.send("MSG one");
            assertThat(bob.readLine()).isEqualTo("MSG alice one");
            bob.send("DM alice two");
            assertThat(alice.read()).isEqualTo("DM bob two");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Double> after = scrape(chat);
                assertThat(after.get("socketchat_logins_total")).isEqualTo(2);
                assertThat(after.get("socketchat_messages_total{kind=\"lobby\"}")).isEqualTo(1);
                assertThat(after.get("socketchat_messages_total{kind=\"dm\"}")).isEqualTo(1);
                assertThat(after.get("socketchat_deliveries_total")).isEqualTo(2);
                assertThat(after.get("socketchat_delivered_text_bytes_total")).isEqualTo(6);
            });
            Map<String, Double> after = scrape(chat);
            assertThat(after.get("socketchat_connections{transport=\"websocket\"}")).isEqualTo(1);
            assertThat(after.get("socketchat_connections{transport=\"tcp\"}")).isEqualTo(1);
            assertThat(after.get("socketchat_connections_accepted_total{transport=\"websocket\"}")).isEqualTo(1);
            assertThat(after.get("socketchat_users")).isEqualTo(2);
            assertThat(after.get("socketchat_lines_in_total")).isGreaterThanOrEqualTo(4);
            assertThat(after.get("socketchat_lines_out_total")).isGreaterThanOrEqualTo(4);
            assertThat(after.get("socketchat_command_duration_seconds_count{command=\"MSG\"}")).isEqualTo(1);
            assertThat(after.get("socketchat_command_duration_seconds_count{command=\"LOGIN\"}")).isEqualTo(2);

            alice.close();
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> value(chat, "socketchat_disconnects_total{reason=\"reset\"}")
                            + value(chat, "socketchat_disconnects_total{reason=\"quit\"}") == 1);
            assertThat(value(chat, "socketchat_connections{transport=\"websocket\"}")).isZero();

            chat.server().kick("bob", null, "console");
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> value(chat, "socketchat_disconnects_total{reason=\"kicked\"}") == 1);
        }
    }

    @Test
    void faultsAndSlowCutsAreCounted() {
        try (WebFixture chat = WebFixture.start(WebFixture.config().maxLineBytes(100), WebFixture.web())) {
            WsClient alice = chat.login("alice");
            assertThat(alice.send("MSG " + "x".repeat(200)).read()).isEqualTo("ERR line-too-long");
            alice.sendBinary(new byte[] {0});
            assertThat(alice.closeCode()).isEqualTo(1003);
            Map<String, Double> samples = scrape(chat);
            assertThat(samples.get("socketchat_websocket_faults_total{fault=\"line-too-long\"}")).isEqualTo(1);
            assertThat(samples.get("socketchat_websocket_faults_total{fault=\"binary-frame\"}")).isEqualTo(1);
            assertThat(samples.get("socketchat_slow_disconnects_total")).isZero();
        }
    }

    @Test
    void healthIsLiveAndReadinessFollowsTheChatServer() {
        try (WebFixture chat = WebFixture.start()) {
            HttpResponse<String> live = chat.get("/healthz");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("ok\n");
            assertThat(chat.get("/readyz").statusCode()).isEqualTo(200);

            chat.server().shutdown();
            HttpResponse<String> ready = chat.get("/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(chat.get("/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void readinessSaysNoFromTheStartOfAGracefulShutdown() throws InterruptedException {
        // A client that reads nothing, with lines queued for it, holds the shutdown in its grace.
        try (WebFixture chat = WebFixture.start(WebFixture.config().shutdownGrace(Duration.ofSeconds(15))
                .sendQueueBytes(64L * 1024 * 1024), WebFixture.web());
             TestClient stalled = TestClient.connect(new java.net.InetSocketAddress(
                     java.net.InetAddress.getLoopbackAddress(), chat.server().port()), 4096)) {
            stalled.send("LOGIN stalled");
            TestClient sender = chat.tcpLogin("sender");
            String text = "q".repeat(1000);
            // Until the socket buffers are full and lines wait in the server for the stalled client.
            for (int i = 0; i < 60_000 && chat.server().stats().queuedBytes() < 1024 * 1024; i++) {
                sender.send("MSG " + text);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> chat.server().stats().queuedBytes() > 0);

            Thread shutdown = Thread.ofVirtual().start(chat.server()::shutdown);
            await().atMost(Duration.ofSeconds(10)).until(() -> chat.get("/readyz").statusCode() == 503);
            assertThat(chat.server().isShutDown()).as("still in its grace").isFalse();
            assertThat(chat.get("/healthz").statusCode()).isEqualTo(200);
            shutdown.join(); // at the end of the grace: the stalled client's lines are never read
            assertThat(chat.server().isShutDown()).isTrue();
        }
    }

    @Test
    void thePageIsServedFromTheJarWithAContentSecurityPolicy() {
        try (WebFixture chat = WebFixture.start()) {
            HttpResponse<String> page = chat.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                    assertThat(policy).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'",
                            "frame-ancestors 'none'"));
            assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
            for (String file : List.of("/app.js", "/chat-client.js", "/view.js", "/style.css")) {
                assertThat(chat.get(file).statusCode()).as(file).isEqualTo(200);
            }
            assertThat(chat.get("/app.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertThat(chat.get("/nothing-here").statusCode()).isEqualTo(404);
            assertThat(chat.get("/../pom.xml").statusCode()).isIn(400, 404);
        }
    }
}
