package io.socketchat.console;

import io.socketchat.server.RoomSettings;
import io.socketchat.store.sqlite.StoreSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The room and history flags: defaults, flags, environment variables, and one-line errors. */
class HistoryOptionsTest {

    @Test
    void defaultsMatchTheDocumentation() {
        ServerCommand command = parsed(Map.of());
        assertThat(command.toConfig().rooms()).isEqualTo(RoomSettings.DEFAULTS);
        StoreSettings store = command.storeSettings();
        assertThat(store.dataDirectory()).isEqualTo(Path.of("data"));
        assertThat(store.flush()).isEqualTo(Duration.ofMillis(200));
        assertThat(store.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(store.maxPerScope()).isEqualTo(100_000);
        assertThat(command.noHistory).isFalse();
    }

    @Test
    void flagsSetEveryRoomAndHistorySetting() {
        ServerCommand command = parsed(Map.of(), "--data-dir", "/var/lib/chat", "--no-history", "--history-page", "100",
                "--history-on-join", "0", "--history-flush", "1s", "--history-retention", "7d",
                "--history-max-per-room", "5000", "--max-rooms-per-user", "3", "--max-room-members", "40");
        assertThat(command.toConfig().rooms()).isEqualTo(new RoomSettings(3, 40, 0, 100));
        StoreSettings store = command.storeSettings();
        assertThat(store.dataDirectory()).isEqualTo(Path.of("/var/lib/chat"));
        assertThat(store.flush()).isEqualTo(Duration.ofSeconds(1));
        assertThat(store.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(store.maxPerScope()).isEqualTo(5000);
        assertThat(command.noHistory).isTrue();
    }

    @Test
    void environmentVariablesSetThemToo() {
        ServerCommand command = parsed(Map.of("CHAT_DATA_DIR", "/srv/chat", "CHAT_NO_HISTORY", "true",
                "CHAT_HISTORY_PAGE", "80", "CHAT_HISTORY_ON_JOIN", "10", "CHAT_HISTORY_FLUSH", "50ms",
                "CHAT_HISTORY_RETENTION", "1h", "CHAT_HISTORY_MAX_PER_ROOM", "9", "CHAT_MAX_ROOMS_PER_USER", "4",
                "CHAT_MAX_ROOM_MEMBERS", "2"));
        assertThat(command.toConfig().rooms()).isEqualTo(new RoomSettings(4, 2, 10, 80));
        StoreSettings store = command.storeSettings();
        assertThat(store.dataDirectory()).isEqualTo(Path.of("/srv/chat"));
        assertThat(store.flush()).isEqualTo(Duration.ofMillis(50));
        assertThat(store.retention()).isEqualTo(Duration.ofHours(1));
        assertThat(store.maxPerScope()).isEqualTo(9);
        assertThat(command.noHistory).isTrue();
    }

    @Test
    void badValuesEndWithOneLineNamingTheFlagOrVariable() {
        assertThat(run(Map.of(), "--history-page", "0")).startsWith("chat-server: ").contains("--history-page");
        assertThat(run(Map.of(), "--history-on-join", "-1")).contains("--history-on-join");
        assertThat(run(Map.of(), "--history-on-join", "600")).contains("--history-on-join", "--history-page");
        assertThat(run(Map.of(), "--history-flush", "soon")).contains("--history-flush");
        assertThat(run(Map.of(), "--max-room-members", "0")).contains("--max-room-members");
        assertThat(run(Map.of("CHAT_MAX_ROOMS_PER_USER", "lots"))).contains("CHAT_MAX_ROOMS_PER_USER");
    }

    @Test
    void helpExplainsEachOption() {
        CommandLine commandLine = ServerCommand.commandLine(Map.of());
        String help = commandLine.getUsageMessage();
        for (String option : new String[] {"--data-dir", "--no-history", "--history-page", "--history-on-join",
                "--history-flush", "--history-retention", "--history-max-per-room", "--max-rooms-per-user",
                "--max-room-members"}) {
            assertThat(help).contains(option);
        }
        assertThat(help).contains("CHAT_DATA_DIR", "kill -9");
    }

    private static ServerCommand parsed(Map<String, String> environment, String... args) {
        CommandLine commandLine = ServerCommand.commandLine(environment);
        commandLine.parseArgs(args);
        return commandLine.getCommand();
    }

    private static String run(Map<String, String> environment, String... args) {
        CommandLine commandLine = ServerCommand.commandLine(environment);
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));
        int exit = commandLine.execute(args);
        assertThat(exit).isEqualTo(2);
        return err.toString().lines().findFirst().orElse("");
    }
}
