package io.socketchat.web;

import io.socketchat.server.AccountSettings;
import io.socketchat.server.Cidr;
import io.socketchat.server.TlsSettings;
import io.socketchat.store.sqlite.SqliteStore;
import io.socketchat.store.sqlite.StoreOpenException;
import io.socketchat.store.sqlite.StoreSettings;
import io.socketchat.testkit.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.URI;
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
 * Accounts over the HTTP port, on real sockets: which WebSocket sessions count as encrypted for
 * a password (wss on the HTTPS port; ws from a trusted proxy that received TLS), and the login
 * failures AUTH answers from the hashing pool, counted in {@code /metrics} by reason. Every
 * server here refuses passwords on plain connections from any address
 * ({@code --plaintext-auth-from none}), so only a secure session may send one.
 */
class WebAccountsTest {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)");
    private static final String PASSWORD = "correct-horse-battery";

    private static TestCertificates certificates;
    private static TestCertificates.Leaf leaf;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void makeCertificates(@TempDir Path directory) {
        certificates = TestCertificates.createCa(directory);
        leaf = certificates.issue("localhost", "ec");
    }

    private static AccountSettings noPlaintext() {
        return AccountSettings.DEFAULTS.withArgon2(WebFixture.TEST_ARGON2).withPlaintextAuthFrom(Cidr.parseList("none"));
    }

    private WebFixture start(WebSettings web) {
        SqliteStore store;
        try {
            store = SqliteStore.open(StoreSettings.in(dataDir));
        } catch (StoreOpenException e) {
            throw new IllegalStateException(e);
        }
        return WebFixture.startWithAccounts(WebFixture.config().tls(TlsSettings.pem(0, leaf.fullchain(), leaf.privkey())),
                web, store, noPlaintext());
    }

    private static WsClient wss(WebFixture chat) {
        int port = chat.webPort().httpsPort();
        return WsClient.connectTls(certificates.trustingClient(), URI.create("wss://127.0.0.1:" + port + "/ws"),
                "Origin", "https://127.0.0.1:" + port);
    }

    @Test
    void aWssSessionMayRegisterAndAuthenticateAndAPlainWsSessionMayNot() {
        try (WebFixture chat = start(WebFixture.web().withHttps(0))) {
            WsClient plain = chat.connect();
            assertThat(plain.send("AUTH alice " + PASSWORD).read()).isEqualTo("ERR tls-required");
            assertThat(plain.send("LOGIN carol").read()).isEqualTo("OK");
            assertThat(plain.send("REGISTER " + PASSWORD).read()).isEqualTo("ERR tls-required");

            WsClient alice = wss(chat);
            assertThat(alice.send("LOGIN alice").read()).isEqualTo("OK");
            assertThat(alice.send("REGISTER " + PASSWORD).read()).isEqualTo("OK");
            alice.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> chat.server().users().stream().noneMatch(user -> user.name().equals("alice")));

            WsClient again = wss(chat);
            assertThat(again.send("AUTH alice " + PASSWORD).read()).isEqualTo("OK");
            assertThat(again.send("HISTORY @carol 5").read()).isEqualTo("END HISTORY @carol");
        }
    }

    @Test
    void xForwardedProtoHttpsCountsOnlyFromATrustedProxyAndOnlyWhenEveryHopSaysHttps() {
        WebSettings behindProxy = new WebSettings(InetAddress.getLoopbackAddress(), 0, Cidr.parseList("127.0.0.0/8"), List.of())
                .withHttps(0);
        try (WebFixture chat = start(behindProxy)) {
            WsClient registering = wss(chat);
            assertThat(registering.send("LOGIN alice").read()).isEqualTo("OK");
            assertThat(registering.send("REGISTER " + PASSWORD).read()).isEqualTo("OK");
            registering.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> chat.server().users().stream().noneMatch(user -> user.name().equals("alice")));

            WsClient plainHop = chat.connect("X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "http");
            assertThat(plainHop.send("AUTH alice " + PASSWORD).read()).isEqualTo("ERR tls-required");
            WsClient mixedHops = chat.connect("X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https, http");
            assertThat(mixedHops.send("AUTH alice " + PASSWORD).read()).isEqualTo("ERR tls-required");
            // The page was served over https by the proxy: its origin is the https one, and it is the server's own.
            String host = "127.0.0.1:" + chat.httpPort();
            WsClient viaTls = chat.connect("X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https",
                    "Origin", "https://" + host);
            assertThat(viaTls.send("AUTH alice " + PASSWORD).read()).isEqualTo("OK");
        }
        try (WebFixture chat = start(WebFixture.web().withHttps(0))) {
            WsClient claims = chat.connect("X-Forwarded-Proto", "https");
            assertThat(claims.send("AUTH alice " + PASSWORD).read())
                    .as("from a peer that is no trusted proxy the header is ignored").isEqualTo("ERR tls-required");
        }
    }

    @Test
    void authFailuresAnsweredFromTheHashingPoolAreCountedByReason() {
        try (WebFixture chat = start(WebFixture.web().withHttps(0))) {
            WsClient alice = wss(chat);
            assertThat(alice.send("LOGIN alice").read()).isEqualTo("OK");
            assertThat(alice.send("REGISTER " + PASSWORD).read()).isEqualTo("OK");

            WsClient other = wss(chat);
            assertThat(other.send("AUTH alice wrong-password").read()).isEqualTo("ERR bad-credentials");
            assertThat(other.send("AUTH nobody " + PASSWORD).read()).isEqualTo("ERR bad-credentials");
            assertThat(other.send("AUTH alice " + PASSWORD).read()).isEqualTo("ERR username-taken");
            assertThat(other.send("LOGIN alice").read()).isEqualTo("ERR name-registered");
            assertThat(chat.connect().send("AUTH alice " + PASSWORD).read()).isEqualTo("ERR tls-required");
            for (int i = 0; i < 3; i++) { // five failures from this address in the window, then throttled
                assertThat(other.send("AUTH alice wrong-password").read()).isEqualTo("ERR bad-credentials");
            }
            assertThat(other.send("AUTH alice " + PASSWORD).read()).isEqualTo("ERR too-many-attempts");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Double> samples = scrape(chat);
                assertThat(samples.get("socketchat_login_failures_total{reason=\"bad-credentials\"}")).isEqualTo(5);
                assertThat(samples.get("socketchat_login_failures_total{reason=\"username-taken\"}")).isEqualTo(1);
                assertThat(samples.get("socketchat_login_failures_total{reason=\"name-registered\"}")).isEqualTo(1);
                assertThat(samples.get("socketchat_login_failures_total{reason=\"tls-required\"}")).isEqualTo(1);
                assertThat(samples.get("socketchat_login_failures_total{reason=\"too-many-attempts\"}")).isEqualTo(1);
                assertThat(samples.get("socketchat_logins_total")).isEqualTo(1);
            });
        }
    }

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
}
