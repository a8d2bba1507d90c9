package io.socketchat.bench;

import io.socketchat.server.ChatServer;
import io.socketchat.server.PluginReport;
import io.socketchat.server.ServerConfig;
import io.socketchat.web.WebPort;
import io.socketchat.web.WebSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The scenarios with {@code --ws} against a real server's HTTP port on loopback. Speed is never asserted here. */
class WsScenariosTest {

    private static ChatServer server;
    private static WebPort web;

    @BeforeAll
    static void startServer() throws Exception {
        PluginReport commands = PluginReport.builtInsOnly(List.of(new io.socketchat.commands.LoginCommand(),
                new io.socketchat.commands.MsgCommand(), new io.socketchat.commands.DmCommand(), new io.socketchat.commands.PingCommand()));
        web = WebPort.on(new WebSettings(InetAddress.getLoopbackAddress(), 0, List.of(), List.of()));
        server = ChatServer.start(ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).floodRate(0).build(),
                web.instrument(commands), web.observers(commands));
        web.start(server);
    }

    @AfterAll
    static void stopServer() {
        server.shutdown();
        web.close();
    }

    private static <T> T overWebSocket(T command, String... args) {
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(web.port()), "--ws", "--timeout", "20s"));
        all.addAll(List.of(args));
        new CommandLine(command).parseArgs(all.toArray(String[]::new));
        return command;
    }

    private static Report shown(Report report) {
        System.out.println(report.toTable());
        return report;
    }

    @Test
    void fanoutOverWebSocketDeliversEveryMessageInOrder() throws Exception {
        Report report = shown(overWebSocket(new FanoutCommand(), "-r", "5", "-s", "2", "-m", "300", "--name-prefix", "wf").run());

        assertThat(report.get("lost")).isEqualTo(0L);
        assertThat(report.get("orderViolations")).isEqualTo(0L);
        assertThat(report.get("clean")).isEqualTo(true);
    }

    @Test
    void dmOverWebSocketPingPongsWithoutLoss() throws Exception {
        Report report = shown(overWebSocket(new DmCommand(), "-p", "2", "-d", "1s", "--name-prefix", "wd").run());

        assertThat((Long) report.get("roundTrips")).isPositive();
        assertThat(report.get("lost")).isEqualTo(0L);
        assertThat(report.get("clean")).isEqualTo(true);
    }

    @Test
    void connsOverWebSocketLogsEveryoneInAndTheBroadcastReachesAll() throws Exception {
        Report report = shown(overWebSocket(new ConnsCommand(), "-c", "30", "--name-prefix", "wc").run());

        assertThat(report.get("broadcastReached")).isEqualTo(29L);
        assertThat(report.get("clean")).isEqualTo(true);
    }
}
