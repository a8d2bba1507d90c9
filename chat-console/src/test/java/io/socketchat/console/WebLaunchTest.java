package io.socketchat.console;

import io.socketchat.testkit.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.socketchat.console.CommandLines.execute;
import static io.socketchat.console.CommandLines.parsed;
import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP port's options, and chat-server in its own JVM serving HTTP next to TCP. */
class WebLaunchTest {

    private static final Pattern HTTP_PORT = Pattern.compile("\\[HTTP] address=127\\.0\\.0\\.1 port=(\\d+)");

    @TempDir
    Path home;

    @Test
    void optionsComeFromFlagsOrVariablesWithTheDocumentedDefaults() {
        WebOptions defaults = parsed(Map.of()).web;
        assertThat(defaults.port).isEqualTo(8080);
        assertThat(defaults.disabled).isFalse();
        assertThat(defaults.bind).isNull();
        assertThat(defaults.trustedProxies.ranges()).isEmpty();
        assertThat(defaults.allowedOrigins).as("self").isEmpty();
        assertThat(defaults.httpsPort).as("no HTTPS unless given").isNull();

        WebOptions flags = parsed(Map.of(), "--http-port", "9090", "--http-bind", "127.0.0.1",
                "--trusted-proxies", "10.0.0.0/8,::1", "--allowed-origins", "https://Chat.Example.org,http://localhost:8080").web;
        assertThat(flags.port).isEqualTo(9090);
        assertThat(flags.bind.getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(flags.trustedProxies.ranges()).hasSize(2);
        assertThat(flags.allowedOrigins).containsExactly("https://chat.example.org", "http://localhost:8080");

        WebOptions variables = parsed(Map.of("CHAT_HTTP_PORT", "0", "CHAT_NO_HTTP", "true", "CHAT_ALLOWED_ORIGINS", "*")).web;
        assertThat(variables.port).isZero();
        assertThat(variables.disabled).isTrue();
        assertThat(variables.allowedOrigins).containsExactly("*");
        assertThat(parsed(Map.of("CHAT_HTTPS_PORT", "8443")).web.httpsPort).isEqualTo(8443);
        assertThat(parsed(Map.of(), "--https-port", "0").web.httpsPort).isZero();
    }

    @Test
    void aBadValueIsOneLineNamingTheFlagOrItsVariable() {
        assertThat(execute(Map.of(), "--allowed-origins", "chat.example.org/path").onlyErrorLine())
                .contains("--allowed-origins", "not an origin");
        assertThat(execute(Map.of("CHAT_HTTP_PORT", "99999")).onlyErrorLine()).contains("CHAT_HTTP_PORT");
        assertThat(execute(Map.of(), "--trusted-proxies", "proxy.example").onlyErrorLine()).contains("--trusted-proxies");
        assertThat(execute(Map.of(), "--https-port", "8443").onlyErrorLine()).contains("--https-port", "--tls-port");
    }

    @Test
    void servesTheHttpPortNextToTcpAndStopsItAtShutdown() throws Exception {
        try (ServerProcess server = ModulePathLaunch.start(home, Map.of("CHAT_NO_HTTP", "false"), "--bind", "127.0.0.1",
                "--port", "0", "--http-port", "0", "--no-admin-socket", "--data-dir", home.resolve("data").toString())) {
            String line = server.awaitOutput(l -> l.contains("[HTTP]"));
            Matcher matcher = HTTP_PORT.matcher(line);
            assertThat(matcher.find()).as(line).isTrue();
            int port = Integer.parseInt(matcher.group(1));
            assertThat(get(port, "/healthz")).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok\n");
            assertThat(get(port, "/metrics")).contains("socketchat_command_duration_seconds_count{command=\"PING\"} 0",
                    // the command line hands the history writer and the log writer's drop count to the metrics
                    "socketchat_history_queue_depth 0", "socketchat_history_commit_seconds_count",
                    "socketchat_log_lines_dropped_total 0");
            server.terminate();
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).noneMatch(l -> l.contains("[ERROR]"));
        }
    }

    @Test
    void noHttpOpensNoPort() throws Exception {
        try (ServerProcess server = ModulePathLaunch.start(home, Map.of(), "--bind", "127.0.0.1", "--port", "0",
                "--no-admin-socket")) {
            server.awaitOutput(l -> l.contains("[LIMITS]"));
            server.terminate();
            assertThat(server.awaitExit()).isZero();
            List<String> output = server.output();
            assertThat(output).noneMatch(l -> l.contains("[HTTP]"));
        }
    }

    /** The whole response to a GET, over a plain socket (this module does not read the JDK's HTTP client). */
    private static String get(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
