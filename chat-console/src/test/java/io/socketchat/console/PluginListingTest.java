package io.socketchat.console;

import io.socketchat.server.PluginReport;
import io.socketchat.server.PluginReport.CommandEntry;
import io.socketchat.server.PluginReport.PluginError;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PluginListingTest {

    private static CommandHandler handler(String word) {
        return new CommandHandler() {
            @Override
            public CommandSpec spec() {
                return CommandSpec.of(word);
            }

            @Override
            public void handle(CommandContext context) {
                context.reply(word);
            }
        };
    }

    @Test
    void listsEveryCommandWithModuleVersionAndJarThenTheRefusedJars() {
        Path jar = Path.of("plugins", "plugin-roll-0.1.0.jar");
        PluginReport report = new PluginReport(Path.of("plugins"),
                List.of(new CommandEntry("ROLL", "io.socketchat.example.roll", "0.1.0", jar, handler("ROLL")),
                        new CommandEntry("DM", "io.socketchat.commands", "0.1.0", null, handler("DM")),
                        new CommandEntry("ZAP", "com.example.zap", "", Path.of("plugins", "zap.jar"), handler("ZAP"))),
                List.of(),
                List.of(new PluginError(Path.of("plugins", "old.jar"), "built for SPI 2.0, this server has SPI 1.0")));

        assertThat(PluginListing.lines(report)).containsExactly(
                "COMMAND  MODULE                      VERSION  JAR",
                "DM       io.socketchat.commands      0.1.0    (built-in)",
                "ROLL     io.socketchat.example.roll  0.1.0    plugins/plugin-roll-0.1.0.jar",
                "ZAP      com.example.zap             -        plugins/zap.jar",
                "refused: plugins/old.jar: built for SPI 2.0, this server has SPI 1.0");
    }

    @Test
    void aServerWithoutPluginsListsItsBuiltIns() {
        PluginReport report = PluginReport.builtInsOnly(List.of(handler("PING")));

        assertThat(PluginListing.lines(report)).containsExactly(
                "COMMAND  MODULE                 VERSION  JAR",
                "PING     io.socketchat.console  0.1.0    (built-in)");
    }
}
