package io.socketchat.console;

import io.socketchat.server.ServerConfig;
import io.socketchat.server.TlsSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.socketchat.console.CommandLines.configFor;
import static io.socketchat.console.CommandLines.execute;
import static org.assertj.core.api.Assertions.assertThat;

/** The TLS flags and their variables; TLS stays off unless --tls-port is given. */
class TlsOptionsTest {

    @Test
    void tlsIsOffByDefault() {
        assertThat(configFor(Map.of()).tls()).isNull();
    }

    @Test
    void theFlagsMakeTheTlsSettings() {
        ServerConfig config = configFor(Map.of(), "--bind", "127.0.0.1", "--tls-port", "4443",
                "--tls-cert", "/etc/letsencrypt/live/chat/fullchain.pem", "--tls-key", "/etc/letsencrypt/live/chat/privkey.pem");
        assertThat(config.tls()).isEqualTo(new TlsSettings(null, 4443, Path.of("/etc/letsencrypt/live/chat/fullchain.pem"),
                Path.of("/etc/letsencrypt/live/chat/privkey.pem"), null));
        assertThat(config.tlsSocketAddress().getAddress().getHostAddress()).as("default: --bind").isEqualTo("127.0.0.1");
        assertThat(config.tlsSocketAddress().getPort()).isEqualTo(4443);

        ServerConfig own = configFor(Map.of(), "--tls-port", "0", "--tls-bind", "127.0.0.2", "--tls-cert", "store.p12",
                "--tls-key-password", "pw");
        assertThat(own.tlsSocketAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.2");
        assertThat(own.tls().key()).isNull();
        assertThat(own.tls().keyPassword()).isEqualTo("pw");
        assertThat(own.tls().toString()).as("the password is never printed").doesNotContain("pw,", "=pw");
    }

    @Test
    void theVariablesToo() {
        ServerConfig config = configFor(Map.of("CHAT_TLS_PORT", "4444", "CHAT_TLS_CERT", "c.pem", "CHAT_TLS_KEY", "k.pem",
                "CHAT_TLS_BIND", "127.0.0.3", "CHAT_TLS_KEY_PASSWORD", "secret"));
        assertThat(config.tls()).isEqualTo(new TlsSettings(config.tls().bindAddress(), 4444, Path.of("c.pem"), Path.of("k.pem"), "secret"));
        assertThat(config.tls().bindAddress().getHostAddress()).isEqualTo("127.0.0.3");
        assertThat(configFor(Map.of("CHAT_TLS_PORT", "4444", "CHAT_TLS_CERT", "c.pem"), "--tls-port", "4445").tls().port())
                .as("a flag beats its variable").isEqualTo(4445);
    }

    @Test
    void aTlsPortWithoutCertificateOrFilesWithoutPortExitTwoNamingTheFlag() {
        CommandLines.Outcome noCert = execute(Map.of(), "--tls-port", "4443");
        assertThat(noCert.exitCode()).isEqualTo(2);
        assertThat(noCert.err().lines().toList()).singleElement().asString()
                .startsWith("chat-server: ").contains("--tls-port", "--tls-cert");

        CommandLines.Outcome noPort = execute(Map.of(), "--tls-cert", "fullchain.pem", "--tls-key", "privkey.pem");
        assertThat(noPort.exitCode()).isEqualTo(2);
        assertThat(noPort.err().lines().toList()).singleElement().asString().contains("--tls-cert", "needs --tls-port");

        CommandLines.Outcome badPort = execute(Map.of("CHAT_TLS_PORT", "70000"));
        assertThat(badPort.exitCode()).isEqualTo(2);
        assertThat(badPort.err()).contains("CHAT_TLS_PORT");
    }

    @Test
    void helpExplainsTls() {
        CommandLines.Outcome help = execute(Map.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--tls-port", "--tls-cert", "--tls-key", "--tls-bind", "--tls-key-password",
                "CHAT_TLS_PORT", "fullchain.pem", "privkey.pem", "BEGIN PRIVATE KEY", "PKCS#12", "tls reload");
    }
}
