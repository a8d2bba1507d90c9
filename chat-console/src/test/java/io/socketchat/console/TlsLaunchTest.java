package io.socketchat.console;

import io.socketchat.testkit.ServerProcess;
import io.socketchat.testkit.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** chat-server with TLS in its own JVM: the [START] line, a real openssl session, and files it cannot read. */
class TlsLaunchTest {

    private static final Pattern TLS_PORT = Pattern.compile("\\[START] .*\\btls-port=(\\d+)");

    @TempDir
    static Path certificateDirectory;
    private static TestCertificates certificates;
    private static TestCertificates.Leaf leaf;

    @TempDir
    Path home;

    @BeforeAll
    static void makeCertificates() {
        certificates = TestCertificates.createCa(certificateDirectory);
        leaf = certificates.issue("localhost", "ec");
    }

    @Test
    void startsWithCertbotFilesListsTheTlsPortAndServesOpenssl() throws Exception {
        try (ServerProcess server = ModulePathLaunch.start(home, Map.of(), "--bind", "127.0.0.1", "--port", "0",
                "--no-admin-socket", "--tls-port", "0", "--tls-cert", leaf.fullchain().toString(),
                "--tls-key", leaf.privkey().toString())) {
            String start = server.awaitOutput(line -> line.contains("[START]"));
            Matcher matcher = TLS_PORT.matcher(start);
            assertThat(matcher.find()).as(start).isTrue();
            int tlsPort = Integer.parseInt(matcher.group(1));
            assertThat(start).contains("tls-subject=\"CN=localhost\"");

            Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + tlsPort, "-quiet")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(openssl.getInputStream(), StandardCharsets.UTF_8));
                 OutputStream in = openssl.getOutputStream()) {
                in.write("LOGIN secure\nPING\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                assertThat(out.readLine()).isEqualTo("OK");
                assertThat(out.readLine()).isEqualTo("PONG");
                server.terminate();
                assertThat(out.readLine()).isEqualTo("INFO server shutting down");
                assertThat(out.readLine()).as("EOF after the notice").isNull();
            } finally {
                openssl.destroyForcibly();
            }
            assertThat(server.awaitExit()).isZero();
        }
    }

    @Test
    void aTlsPortInUseExitsOneNamingTheTlsAddress() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             ServerProcess server = ModulePathLaunch.start(home, Map.of(), "--bind", "127.0.0.1", "--port", "0",
                     "--no-admin-socket", "--tls-port", String.valueOf(taken.getLocalPort()),
                     "--tls-cert", leaf.fullchain().toString(), "--tls-key", leaf.privkey().toString())) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.errors().lines().toList()).singleElement().asString()
                    .startsWith("chat-server: cannot listen for TLS on 127.0.0.1:" + taken.getLocalPort() + ": ");
        }
    }

    @Test
    void aMissingKeyExitsOneWithOneLineNamingTheFile() throws Exception {
        Path missing = home.resolve("privkey.pem");
        try (ServerProcess server = ModulePathLaunch.start(home, Map.of(), "--port", "0", "--no-admin-socket",
                "--tls-port", "0", "--tls-cert", leaf.fullchain().toString(), "--tls-key", missing.toString())) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.errors().lines().toList()).singleElement()
                    .isEqualTo("chat-server: cannot read TLS key " + missing + ": no such file");
        }
    }

    @Test
    void aCertificateThatIsNoCertificateExitsOneNamingTheFile() throws Exception {
        Path wrong = home.resolve("fullchain.pem");
        Files.writeString(wrong, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        try (ServerProcess server = ModulePathLaunch.start(home, Map.of("CHAT_TLS_PORT", "0", "CHAT_TLS_CERT", wrong.toString(),
                "CHAT_TLS_KEY", leaf.privkey().toString()), "--port", "0", "--no-admin-socket")) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.errors().lines().toList()).singleElement().asString()
                    .startsWith("chat-server: cannot read TLS certificate " + wrong + ": ");
        }
    }

    @Test
    void aKeyOfAnotherCertificateExitsOne() throws Exception {
        TestCertificates.Leaf other = certificates.issue("other", "ec");
        try (ServerProcess server = ModulePathLaunch.start(home, Map.of(), "--port", "0", "--no-admin-socket",
                "--tls-port", "0", "--tls-cert", leaf.fullchain().toString(), "--tls-key", other.privkey().toString())) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.errors().lines().toList()).singleElement().asString()
                    .startsWith("chat-server: cannot read TLS key " + other.privkey() + ": ")
                    .contains("does not match");
        }
    }
}
