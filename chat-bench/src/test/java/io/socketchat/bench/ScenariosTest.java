package io.socketchat.bench;

import io.socketchat.server.ChatServer;
import io.socketchat.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import io.socketchat.server.spi.CommandHandler;

import io.socketchat.commands.LoginCommand;
import io.socketchat.commands.MsgCommand;
import io.socketchat.commands.PingCommand;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tiny run of each scenario against a real server on loopback: the bench must see every
 * message, in order, with nothing lost. Speed is never asserted here.
 */
class ScenariosTest {

    private static ChatServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ChatServer.start(ServerConfig.builder()
                .bindAddress(InetAddress.getLoopbackAddress()).port(0).floodRate(0).build(), builtInCommands());
    }

    /**
     * The test run puts the server and the built-in commands on the class path (this module
     * requires neither), where no module descriptor declares the providers: name them here.
     */
    private static List<CommandHandler> builtInCommands() {
        return List.of(new LoginCommand(), new MsgCommand(),
                new io.socketchat.commands.DmCommand(), new PingCommand());
    }

    @AfterAll
    static void stopServer() {
        server.shutdown();
    }

    private static <T> T parsed(T command, String... args) {
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(server.port()), "--timeout", "20s"));
        all.addAll(List.of(args));
        new CommandLine(command).parseArgs(all.toArray(String[]::new));
        return command;
    }

    /** The whole report in the failure message, so a failed run says what it saw. */
    private static Report shown(Report report) {
        System.out.println(report.toTable());
        return report;
    }

    @Test
    void fanoutDeliversEveryMessageInOrder() throws Exception {
        Report report = shown(parsed(new FanoutCommand(), "-r", "5", "-s", "1", "-m", "200", "--name-prefix", "f1").run());

        assertThat(report.get("expected")).isEqualTo(1000L);
        assertThat(report.get("received")).isEqualTo(1000L);
        assertThat(report.get("lost")).isEqualTo(0L);
        assertThat(report.get("orderViolations")).isEqualTo(0L);
        assertThat(report.get("clean")).isEqualTo(true);
    }

    @Test
    void fanoutWithSeveralRatedSendersKeepsEachSendersOrder() throws Exception {
        Report report = shown(parsed(new FanoutCommand(), "-r", "4", "-s", "3", "-m", "100", "--rate", "2000",
                "--name-prefix", "f2").run());

        // 3 x 100 to each of 4 receivers, plus each sender reads the other two senders' 100.
        assertThat(report.get("expected")).isEqualTo(3L * 100 * 4 + 3L * 2 * 100);
        assertThat(report.get("lost")).isEqualTo(0L);
        assertThat(report.get("orderViolations")).isEqualTo(0L);
        assertThat(report.get("clean")).isEqualTo(true);
    }

    @Test
    void dmPairsPingPongWithoutLossOrReordering() throws Exception {
        Report report = shown(parsed(new DmCommand(), "-p", "3", "-d", "1s", "--name-prefix", "d1").run());

        assertThat((Long) report.get("roundTrips")).isPositive();
        assertThat(report.get("lost")).isEqualTo(0L);
        assertThat(report.get("orderViolations")).isEqualTo(0L);
        assertThat(report.get("errors")).isEqualTo(0L);
        assertThat(report.get("clean")).isEqualTo(true);
    }

    @Test
    void connsLogsEveryoneInAndTheBroadcastReachesAll() throws Exception {
        long pid = ProcessHandle.current().pid();
        Report report = shown(parsed(new ConnsCommand(), "-c", "50", "--server-pid", Long.toString(pid),
                "--name-prefix", "c1").run());

        assertThat(report.get("broadcastReached")).isEqualTo(49L);
        assertThat((Long) report.get("rssAfterKib")).isPositive();
        assertThat(report.get("disconnected")).isEqualTo(0);
        assertThat(report.get("clean")).isEqualTo(true);
    }

    @Test
    void aTakenNameIsReportedAsALoginFailure() throws Exception {
        Report first = shown(parsed(new ConnsCommand(), "-c", "2", "--name-prefix", "dup", "--hold", "0s").run());
        assertThat(first.get("clean")).isEqualTo(true);
        // The first run's clients have closed; the server frees their names as it sees each close.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> server.users().stream().noneMatch(user -> user.name().startsWith("dup")));

        try (var holder = new java.net.Socket("127.0.0.1", server.port())) {
            holder.getOutputStream().write("LOGIN dupc0\n".getBytes());
            assertThat(new String(holder.getInputStream().readNBytes(3))).as("the holder's login").isEqualTo("OK\n");
            Report second = shown(parsed(new ConnsCommand(), "-c", "2", "--name-prefix", "dup").run());
            assertThat(second.get("loginFailures")).isEqualTo(1);
            assertThat((String) second.get("firstFailure")).contains("ERR username-taken");
            assertThat(second.get("clean")).isEqualTo(false);
        }
    }
}
