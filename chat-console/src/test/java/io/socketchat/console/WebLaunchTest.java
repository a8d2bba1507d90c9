package io.socketchat.console;

import io.socketchat.testkit.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.socketchat.console.CommandLines.execute;
import static io.socketchat.console.CommandLines.parsed;
import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP port's options, and chat-server in its own JVM serving HTTP next to TCP. */
class WebLaunchTest {


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
            int port = HttpPort.of(server);
            assertThat(HttpPort.get(port, "/healthz")).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok\n");
            assertThat(HttpPort.get(port, "/metrics")).contains("socketchat_command_duration_seconds_count{command=\"PING\"} 0",
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
}
