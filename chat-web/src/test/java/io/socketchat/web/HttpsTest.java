package io.socketchat.web;

import io.socketchat.server.TlsSettings;
import io.socketchat.server.store.MessageStore;
import io.socketchat.testkit.TestCertificates;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS and wss on {@code --https-port}, with the TLS listener's certificate (made by the real
 * openssl for this test), and {@code tls reload} renewing it there too.
 */
class HttpsTest {

    private static TestCertificates certificates;
    private static TestCertificates.Leaf first;
    private static TestCertificates.Leaf second;

    @TempDir
    Path serverFiles;

    @BeforeAll
    static void makeCertificates(@TempDir Path directory) {
        certificates = TestCertificates.createCa(directory);
        first = certificates.issue("localhost", "ec");
        second = certificates.issue("chat-renewed", "rsa");
    }

    @Test
    void thePageMetricsAndWssAreServedOverHttpsAndAReloadRenewsTheCertificate() throws Exception {
        Path fullchain = serverFiles.resolve("fullchain.pem");
        Path privkey = serverFiles.resolve("privkey.pem");
        Files.copy(first.fullchain(), fullchain);
        Files.copy(first.privkey(), privkey);
        try (WebFixture chat = WebFixture.start(WebFixture.config().tls(TlsSettings.pem(0, fullchain, privkey)),
                WebFixture.web().withHttps(0), MessageStore.none());
             HttpClient https = HttpClient.newBuilder().sslContext(certificates.trustingClient()).build()) {
            int port = chat.webPort().httpsPort();
            assertThat(port).isPositive().isNotEqualTo(chat.httpPort());

            HttpResponse<String> page = get(https, "https://127.0.0.1:" + port + "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(serial(page)).isEqualTo(first.serial());
            assertThat(get(https, "https://127.0.0.1:" + port + "/readyz").body()).isEqualTo("ready\n");
            assertThat(get(https, "https://127.0.0.1:" + port + "/metrics").body()).contains("socketchat_users");

            // wss from the page's own https origin, chatting with a TCP user.
            WsClient alice = WsClient.connectTls(certificates.trustingClient(), URI.create("wss://127.0.0.1:" + port + "/ws"),
                    "Origin", "https://127.0.0.1:" + port);
            assertThat(alice.send("LOGIN alice").read()).isEqualTo("OK");
            TestClient bob = chat.tcpLogin("bob");
            alice.send("MSG over wss");
            assertThat(bob.readLine()).isEqualTo("MSG alice over wss");
            // An http page is another origin than the https one.
            assertThatThrownBy(() -> WsClient.connectTls(certificates.trustingClient(),
                    URI.create("wss://127.0.0.1:" + port + "/ws"), "Origin", "http://127.0.0.1:" + port))
                    .isInstanceOf(WsClient.HandshakeFailed.class);

            // certbot renews: new files in place, then the operator reloads (tls reload).
            Files.copy(second.fullchain(), fullchain, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(second.privkey(), privkey, StandardCopyOption.REPLACE_EXISTING);
            chat.server().reloadTls();
            try (HttpClient fresh = HttpClient.newBuilder().sslContext(certificates.trustingClient()).build()) {
                assertThat(serial(get(fresh, "https://127.0.0.1:" + port + "/healthz"))).isEqualTo(second.serial());
            }
            alice.send("MSG still here");
            assertThat(bob.readLine()).as("the open wss session goes on").isEqualTo("MSG alice still here");
            alice.close();
        }
    }

    @Test
    void httpsWithoutTheTlsListenerDoesNotStart() {
        assertThatThrownBy(() -> WebFixture.start(WebFixture.config(), WebFixture.web().withHttps(0), MessageStore.none()))
                .hasMessageContaining("--tls-port");
    }

    private static HttpResponse<String> get(HttpClient http, String uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static BigInteger serial(HttpResponse<?> response) throws Exception {
        return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
    }
}
