package io.socketchat.console;

import io.socketchat.testkit.ServerProcess;
import io.socketchat.testkit.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.socketchat.console.CommandLines.execute;
import static io.socketchat.console.CommandLines.parsed;
import static org.assertj.core.api.Assertions.assertThat;

/** The IRC port's options, and chat-server in its own JVM serving IRC and IRC over TLS next to TCP. */
class IrcLaunchTest {

    private static final Pattern IRC_PORT = Pattern.compile("\\[START] irc=127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern IRCS_PORT = Pattern.compile("\\[START] ircs=127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path home;

    @Test
    void optionsComeFromFlagsOrVariablesAndAreOffByDefault() {
        IrcOptions defaults = parsed(Map.of()).irc;
        assertThat(defaults.port).isNull();
        assertThat(defaults.tlsPort).isNull();
        assertThat(defaults.bind).isNull();
        IrcOptions flags = parsed(Map.of(), "--irc-port", "6667", "--irc-bind", "127.0.0.1").irc;
        assertThat(flags.port).isEqualTo(6667);
        assertThat(flags.bind.getHostAddress()).isEqualTo("127.0.0.1");
        IrcOptions variables = parsed(Map.of("CHAT_IRC_PORT", "0", "CHAT_IRCS_PORT", "6697")).irc;
        assertThat(variables.port).isZero();
        assertThat(variables.tlsPort).isEqualTo(6697);
    }

    @Test
    void badValuesAreOneLineAndIrcOverTlsNeedsTheChatsTls() {
        assertThat(execute(Map.of("CHAT_IRC_PORT", "99999")).onlyErrorLine()).contains("CHAT_IRC_PORT");
        CommandLines.Outcome noTls = execute(Map.of(), "--bind", "127.0.0.1", "--port", "0", "--no-admin-socket",
                "--ircs-port", "0");
        assertThat(noTls.exitCode()).isEqualTo(2);
        assertThat(noTls.onlyErrorLine()).contains("--ircs-port needs --tls-port");
    }

    @Test
    void servesIrcAndIrcsBesideTcp(@TempDir Path certificates) throws Exception {
        TestCertificates.Leaf leaf = TestCertificates.createCa(certificates).issue("localhost", "ec");
        try (ServerProcess server = ModulePathLaunch.start(home, Map.of(), "--bind", "127.0.0.1", "--port", "0",
                "--no-admin-socket", "--irc-port", "0", "--tls-port", "0", "--ircs-port", "0",
                "--tls-cert", leaf.fullchain().toString(), "--tls-key", leaf.privkey().toString())) {
            int ircPort = port(server, IRC_PORT);
            int ircsPort = port(server, IRCS_PORT);
            try (io.socketchat.testkit.TestClient plain = io.socketchat.testkit.TestClient.connect(ircPort)) {
                plain.send("NICK alice");
                plain.send("USER alice 0 * :Alice");
                assertThat(plain.readLine()).startsWith(":socketchat 001 alice ");
            }
            Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + ircsPort, "-quiet")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(openssl.getInputStream(), StandardCharsets.UTF_8));
                 OutputStream in = openssl.getOutputStream()) {
                in.write("NICK secure\r\nUSER secure 0 * :Secure\r\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                assertThat(out.readLine()).startsWith(":socketchat 001 secure ");
                server.terminate();
                String line;
                do {
                    line = out.readLine();
                } while (line != null && !line.startsWith("ERROR "));
                assertThat(line).isEqualTo("ERROR :Closing link: server shutting down");
            } finally {
                openssl.destroyForcibly();
            }
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).noneMatch(l -> l.contains("[ERROR]"));
        }
    }

    private static int port(ServerProcess server, Pattern pattern) {
        String line = server.awaitOutput(l -> pattern.matcher(l).find());
        Matcher matcher = pattern.matcher(line);
        assertThat(matcher.find()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
