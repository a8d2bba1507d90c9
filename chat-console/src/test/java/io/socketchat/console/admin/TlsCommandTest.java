package io.socketchat.console.admin;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.socketchat.server.ChatServer;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.TlsSettings;
import io.socketchat.testkit.TestCertificates;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocket;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tls} and {@code tls reload} against a real server with a TLS listener, checked with real TLS clients. */
class TlsCommandTest {

    @TempDir
    static Path certificateDirectory;
    private static TestCertificates certificates;
    private static TestCertificates.Leaf first;
    private static TestCertificates.Leaf renewed;

    @TempDir
    Path live;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger serverLogger = (Logger) LoggerFactory.getLogger("io.socketchat.server");
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Path fullchain;
    private Path privkey;
    private ChatServer server;
    private AdminTarget console;

    @BeforeAll
    static void makeCertificates() {
        certificates = TestCertificates.createCa(certificateDirectory);
        first = certificates.issue("localhost", "ec");
        renewed = certificates.issue("renewed.example", "ec");
    }

    private void startServer(boolean tls) throws Exception {
        fullchain = live.resolve("fullchain.pem");
        privkey = live.resolve("privkey.pem");
        Files.copy(first.fullchain(), fullchain);
        Files.copy(first.privkey(), privkey);
        ServerConfig.Builder config = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0)
                .shutdownGrace(Duration.ofSeconds(1));
        if (tls) {
            config.tls(TlsSettings.pem(0, fullchain, privkey));
        }
        log.start();
        serverLogger.addAppender(log);
        server = ChatServer.start(config.build(), ChatServer.discoverCommands());
        console = LiveServerTarget.of(server, "console");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        if (server != null) {
            server.shutdown();
        }
        serverLogger.detachAppender(log);
    }

    private TestClient tlsLogin(String name) {
        TestClient client = TestClient.loginTls(server.tlsAddress().orElseThrow().getPort(), certificates.trustingClient(), name);
        opened.add(client);
        return client;
    }

    private static BigInteger serial(TestClient client) throws Exception {
        return ((X509Certificate) ((SSLSocket) client.socket()).getSession().getPeerCertificates()[0]).getSerialNumber();
    }

    private List<String> logged(String prefix) {
        synchronized (log) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith(prefix)).toList();
        }
    }

    @Test
    void tlsShowsThePortAndCertificate() throws Exception {
        startServer(true);
        CommandResult result = AdminCommands.run("tls", console);
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("tls port " + server.tlsAddress().orElseThrow().getPort() + " subject=CN=localhost not-after=");
    }

    @Test
    void reloadServesTheRenewedCertificateToNewConnectionsAndSessionsGoOn() throws Exception {
        startServer(true);
        TestClient old = tlsLogin("old");
        TestClient plain = TestClient.login(server.port(), "plain");
        opened.add(plain);
        assertThat(serial(old)).isEqualTo(first.serial());

        Files.copy(renewed.fullchain(), fullchain, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(renewed.privkey(), privkey, StandardCopyOption.REPLACE_EXISTING);
        CommandResult result = AdminCommands.run("tls reload", console);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("tls reloaded: subject=CN=renewed.example not-after=").contains("(was subject=CN=localhost");
        assertThat(logged("[TLS] reload=ok")).singleElement().asString().contains("subject=\"CN=renewed.example\"", "not-after=");
        TestClient fresh = tlsLogin("fresh");
        assertThat(serial(fresh)).isEqualTo(renewed.serial());
        old.send("MSG the old session goes on");
        assertThat(fresh.readLine()).isEqualTo("MSG old the old session goes on");
        assertThat(plain.readLine()).isEqualTo("MSG old the old session goes on");
    }

    @Test
    void aBadFileKeepsTheOldCertificateAndTheAnswerSaysWhy() throws Exception {
        startServer(true);
        Files.writeString(fullchain, "not a certificate\n");
        CommandResult result = AdminCommands.run("tls reload", console);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("tls reload: cannot read TLS certificate " + fullchain + ": ")
                .contains("still serving subject=CN=localhost");
        assertThat(logged("[TLS] reload=failed")).singleElement().asString().startsWith("[TLS] reload=failed file=" + fullchain + " cause=");
        assertThat(serial(tlsLogin("still"))).isEqualTo(first.serial());
    }

    @Test
    void withoutTlsTheCommandSaysItIsOffAndAWrongActionIsAUsageError() throws Exception {
        startServer(false);
        CommandResult off = AdminCommands.run("tls reload", console);
        assertThat(off.exitCode()).isEqualTo(1);
        assertThat(off.err()).contains("TLS is off");
        assertThat(AdminCommands.run("tls renew", console).exitCode()).isEqualTo(2);
        assertThat(AdminCommands.run("help", console).out()).contains("tls");
    }
}
