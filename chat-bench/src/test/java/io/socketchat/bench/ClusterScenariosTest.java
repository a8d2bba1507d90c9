package io.socketchat.bench;

import io.socketchat.cluster.RedisLink;
import io.socketchat.commands.LoginCommand;
import io.socketchat.commands.MsgCommand;
import io.socketchat.commands.PingCommand;
import io.socketchat.commands.WhoCommand;
import io.socketchat.server.AccountSettings;
import io.socketchat.server.ChatServer;
import io.socketchat.server.PluginReport;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.store.AccountStore;
import io.socketchat.server.store.MessageStore;
import io.socketchat.testkit.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster options against two real nodes joined by a real Redis: receivers spread over
 * both nodes, DM pairs spanning them, and Redis's own pub/sub ceiling. Speed is never asserted.
 */
class ClusterScenariosTest {

    private static RedisServer redis;
    private static ChatServer one;
    private static ChatServer two;

    @BeforeAll
    static void startCluster() throws Exception {
        redis = RedisServer.launch();
        one = node("one");
        two = node("two");
    }

    private static ChatServer node(String id) throws Exception {
        ServerConfig config = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0)
                .shutdownGrace(Duration.ofSeconds(2)).floodRate(0).build();
        // On the class path no module descriptor declares the providers: name them here.
        List<CommandHandler> commands = List.of(new LoginCommand(), new MsgCommand(),
                new io.socketchat.commands.DmCommand(), new PingCommand(), new WhoCommand());
        return ChatServer.start(config, PluginReport.builtInsOnly(commands), List.of(), MessageStore.none(),
                AccountStore.none(), AccountSettings.DEFAULTS, System::nanoTime,
                new RedisLink(URI.create(redis.url()), id, Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stopCluster() {
        for (ChatServer node : new ChatServer[] {one, two}) {
            if (node != null) {
                node.shutdown();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static <T> T parsed(T command, String... args) {
        List<String> all = new ArrayList<>(List.of("--timeout", "20s"));
        all.addAll(List.of(args));
        new CommandLine(command).parseArgs(all.toArray(String[]::new));
        return command;
    }

    private static String ports() {
        return one.port() + "," + two.port();
    }

    @Test
    void receiversOnBothNodesReadEverySendersMessagesInOrder() throws Exception {
        Report report = parsed(new FanoutCommand(), "--port", Integer.toString(one.port()), "--receiver-ports", ports(),
                "-r", "6", "-s", "2", "-m", "200", "--name-prefix", "cf").run();
        System.out.println(report.toTable());

        assertThat(report.get("receiverPorts")).isEqualTo("[" + ports() + "]");
        assertThat(report.get("expected")).isEqualTo(2L * 200 * 6 + 2L * 200);
        assertThat(report.get("received")).isEqualTo(report.get("expected"));
        assertThat(report.get("orderViolations")).isEqualTo(0L);
        assertThat(report.get("clean")).isEqualTo(true);
    }

    @Test
    void pairsSpanningTheNodesBounceDmsOnceEveryNodeListsEveryone() throws Exception {
        Report report = parsed(new DmCommand(), "--port", Integer.toString(one.port()), "--pair-ports", ports(),
                "-p", "4", "-d", "1s", "--name-prefix", "cd").run();
        System.out.println(report.toTable());

        assertThat(report.get("pairPorts")).isEqualTo("[" + ports() + "]");
        assertThat(report.get("clusterSyncSeconds")).isNotNull();
        assertThat((Long) report.get("roundTrips")).isPositive();
        assertThat(report.get("errors")).isEqualTo(0L); // no ERR user-not-found: both nodes knew both ends
        assertThat(report.get("clean")).isEqualTo(true);
    }

    @Test
    void pubsubCountsEveryMessageAtEverySubscriberInOrder() throws Exception {
        Report report = parsed(new PubSubCommand(), "--port", Integer.toString(redis.port()),
                "-m", "5000", "--batch", "512", "-S", "2").run();
        System.out.println(report.toTable());

        assertThat(report.get("received")).isEqualTo(10_000L);
        assertThat(report.get("orderViolations")).isEqualTo(0L);
        assertThat(report.get("clean")).isEqualTo(true);
    }
}
