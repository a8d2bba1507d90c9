package io.socketchat.bench;

import io.socketchat.commands.HistoryCommand;
import io.socketchat.commands.LoginCommand;
import io.socketchat.commands.MsgCommand;
import io.socketchat.commands.PartCommand;
import io.socketchat.commands.SayCommand;
import io.socketchat.server.ChatServer;
import io.socketchat.server.PluginReport;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.store.sqlite.SqliteStore;
import io.socketchat.store.sqlite.StoreSettings;
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
 * The room scenarios (fan-out in a room, JOIN with history) in small runs against a real
 * server on loopback with history in SQLite: every message in order, every join answered
 * with its history. Speed is never asserted here.
 */
class RoomScenariosTest {

    @TempDir
    static Path dataDirectory;
    private static ChatServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ChatServer.start(ServerConfig.builder()
                        .bindAddress(InetAddress.getLoopbackAddress()).port(0).floodRate(0).build(),
                PluginReport.builtInsOnly(roomCommands()), List.of(), SqliteStore.open(StoreSettings.in(dataDirectory)));
    }

    /** As in {@link ScenariosTest}: on the class path no module descriptor names the providers. */
    private static List<CommandHandler> roomCommands() {
        return List.of(new LoginCommand(), new MsgCommand(), new io.socketchat.commands.JoinCommand(),
                new PartCommand(), new SayCommand(), new HistoryCommand());
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

    private static Report shown(Report report) {
        System.out.println(report.toTable());
        return report;
    }

    @Test
    void roomFanoutDeliversEverySayToEveryOtherMemberInOrder() throws Exception {
        Report report = shown(parsed(new FanoutCommand(), "--room", "#fan", "-r", "20", "-s", "3", "-m", "100",
                "--name-prefix", "rf").run());

        // 3 x 100 to each of 20 receivers, plus each sender reads the other two senders' 100.
        assertThat(report.get("joined")).isEqualTo(23L);
        assertThat(report.get("expected")).isEqualTo(3L * 100 * 20 + 3L * 2 * 100);
        assertThat(report.get("received")).isEqualTo(report.get("expected"));
        assertThat(report.get("orderViolations")).isEqualTo(0L);
        assertThat(report.get("errors")).isEqualTo(0L);
        assertThat(report.get("foreign")).isEqualTo(0L);
        assertThat(report.get("clean")).isEqualTo(true);
    }

    @Test
    void lobbyMessagesAreNotCountedInARoomRun() throws Exception {
        // A room run counts SAY lines only: the lobby fan-out of another run is not its business.
        Report report = shown(parsed(new FanoutCommand(), "--room", "#quiet", "-r", "2", "-s", "1", "-m", "10",
                "--name-prefix", "rq").run());
        assertThat(report.get("received")).isEqualTo(20L);
        assertThat(report.get("clean")).isEqualTo(true);
    }

    @Test
    void everyJoinIsAnsweredWithTheSeededHistory() throws Exception {
        Report report = shown(parsed(new JoinCommand(), "--room", "#seeded", "-c", "5", "--rounds", "3",
                "--name-prefix", "jn").run());

        assertThat(report.get("joins")).isEqualTo(15L);
        assertThat(report.get("histLinesMin")).isEqualTo(20);
        assertThat(report.get("histLinesMax")).isEqualTo(20);
        assertThat(report.get("errors")).isEqualTo(0);
        assertThat((Double) report.get("joinToEndHistoryP99Ms")).isPositive();
        assertThat(report.get("clean")).isEqualTo(true);
    }

    @Test
    void aJoinThatIsRefusedMakesTheRunUnclean() throws Exception {
        Report report = shown(parsed(new JoinCommand(), "--room", "not-a-room", "-c", "1", "--rounds", "1",
                "--name-prefix", "jx").run());

        assertThat((String) report.get("failure")).contains("ERR invalid-room");
        assertThat(report.get("clean")).isEqualTo(false);
    }
}
