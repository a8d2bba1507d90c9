package io.socketchat.bench;

import io.socketchat.commands.LoginCommand;
import io.socketchat.commands.MsgCommand;
import io.socketchat.commands.PingCommand;
import io.socketchat.server.ChatServer;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.TlsSettings;
import io.socketchat.testkit.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios with {@code --tls} against a real server's TLS listener on loopback, trusting
 * a CA made for the test. Speed is never asserted here.
 */
class TlsScenariosTest {

    @TempDir
    static Path directory;

    private static ChatServer server;
    private static TestCertificates certificates;

    @BeforeAll
    static void startServer() throws Exception {
        certificates = TestCertificates.createCa(directory);
        TestCertificates.Leaf leaf = certificates.issue("localhost", "ec");
        server = ChatServer.start(ServerConfig.builder()
                        .bindAddress(InetAddress.getLoopbackAddress()).port(0).floodRate(0)
                        .tls(TlsSettings.pem(0, leaf.fullchain(), leaf.privkey())).build(),
                List.of(new LoginCommand(), new MsgCommand(), new io.socketchat.commands.DmCommand(), new PingCommand()));
    }

    @AfterAll
    static void stopServer() {
        server.shutdown();
    }

    private static <T> T overTls(T command, String... args) {
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(server.tlsAddress().orElseThrow().getPort()),
                "--tls", "--tls-trust", certificates.caCertificate().toString(), "--timeout", "20s"));
        all.addAll(List.of(args));
        new CommandLine(command).parseArgs(all.toArray(String[]::new));
        return command;
    }

    private static Report shown(Report report) {
        System.out.println(report.toTable());
        return report;
    }

    @Test
    void fanoutOverTlsDeliversEveryMessageInOrder() throws Exception {
        Report report = shown(overTls(new FanoutCommand(), "-r", "5", "-s", "2", "-m", "300", "--name-prefix", "tf").run());

        assertThat(report.get("lost")).isEqualTo(0L);
        assertThat(report.get("orderViolations")).isEqualTo(0L);
        assertThat(report.get("clean")).isEqualTo(true);
    }

    @Test
    void dmOverTlsPingPongsWithoutLoss() throws Exception {
        Report report = shown(overTls(new DmCommand(), "-p", "2", "-d", "1s", "--name-prefix", "td").run());

        assertThat((Long) report.get("roundTrips")).isPositive();
        assertThat(report.get("lost")).isEqualTo(0L);
        assertThat(report.get("clean")).isEqualTo(true);
    }

    @Test
    void connsOverTlsLogsEveryoneInAndTheBroadcastReachesAll() throws Exception {
        Report report = shown(overTls(new ConnsCommand(), "-c", "30", "--name-prefix", "tc").run());

        assertThat(report.get("broadcastReached")).isEqualTo(29L);
        assertThat(report.get("clean")).isEqualTo(true);
    }

    @Test
    void aServerCertificateNobodyTrustsFailsEveryLogin() throws Exception {
        TestCertificates stranger = TestCertificates.createCa(java.nio.file.Files.createTempDirectory(directory, "stranger"));
        ConnsCommand command = new ConnsCommand();
        new CommandLine(command).parseArgs("--port", Integer.toString(server.tlsAddress().orElseThrow().getPort()),
                "--tls", "--tls-trust", stranger.caCertificate().toString(), "--timeout", "20s", "-c", "2",
                "--name-prefix", "tx");
        Report report = shown(command.run());

        assertThat(report.get("loginFailures")).isEqualTo(2);
        assertThat(report.get("clean")).isEqualTo(false);
    }
}
