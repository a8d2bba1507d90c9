package io.socketchat.irc;

import io.socketchat.server.TlsSettings;
import io.socketchat.testkit.TestCertificates;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;

import static io.socketchat.irc.IrcFixture.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** IRC over TLS with the chat's own certificate, and its reload reaching new IRC connections. */
class IrcTlsTest {

    @TempDir
    Path directory;

    private IrcFixture chat;

    @AfterEach
    void stop() {
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void ircsServesTheChatsCertificateAndATlsReloadReachesNewConnections() throws Exception {
        TestCertificates certificates = TestCertificates.createCa(directory);
        TestCertificates.Leaf first = certificates.issue("127.0.0.1", "ec");
        TestCertificates.Leaf second = certificates.issue("127.0.0.1", "ec");
        Path chain = directory.resolve("fullchain.pem");
        Path key = directory.resolve("privkey.pem");
        Files.copy(first.fullchain(), chain);
        Files.copy(first.privkey(), key);
        chat = IrcFixture.start(IrcFixture.config()
                .tls(new TlsSettings(InetAddress.getLoopbackAddress(), 0, chain, key, null)), true);
        int port = chat.irc().tlsAddress().orElseThrow().getPort();

        TestClient alice = chat.track(TestClient.connectTls(port, certificates.trustingClient()));
        assertThat(serial(alice)).isEqualTo(first.serial());
        alice.send("NICK alice");
        alice.send("USER alice 0 * :Alice");
        readUntil(alice, line -> line.contains(" 366 alice #lobby"));
        TestClient bob = chat.line("bob");
        bob.send("MSG over tls");
        assertThat(alice.readLine()).isEqualTo(":bob!bob@socketchat PRIVMSG #lobby :over tls");

        Files.copy(second.fullchain(), chain, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(second.privkey(), key, StandardCopyOption.REPLACE_EXISTING);
        chat.server().reloadTls();
        TestClient carol = chat.track(TestClient.connectTls(port, certificates.trustingClient()));
        assertThat(serial(carol)).isEqualTo(second.serial());
        alice.send("PING :still");
        assertThat(alice.readLine()).isEqualTo(":socketchat PONG socketchat :still");
    }

    private static java.math.BigInteger serial(TestClient client) throws Exception {
        return ((X509Certificate) client.tlsSession().getPeerCertificates()[0]).getSerialNumber();
    }
}
