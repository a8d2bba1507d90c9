package io.socketchat.bench;

import io.socketchat.commands.LoginCommand;
import io.socketchat.commands.MsgCommand;
import io.socketchat.commands.PingCommand;
import io.socketchat.commands.WhoCommand;
import io.socketchat.server.ChatServer;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.spi.CommandHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tiny run of each overload scenario against a real server in this JVM (so the RSS sampled
 * is the test's own): the tool must measure, count and report; the server's figures are not
 * asserted, except where the scenario is built to produce them.
 */
class OverloadScenariosTest {

    private static ChatServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = start(ServerConfig.builder().floodRate(0));
    }

    @AfterAll
    static void stopServer() {
        server.shutdown();
    }

    private static ChatServer start(ServerConfig.Builder config) throws Exception {
        return ChatServer.start(config.bindAddress(InetAddress.getLoopbackAddress()).port(0).build(), commands());
    }

    /** The server and its commands are on the class path here: no module descriptor names the providers. */
    private static List<CommandHandler> commands() {
        return List.of(new LoginCommand(), new MsgCommand(), new io.socketchat.commands.DmCommand(),
                new PingCommand(), new WhoCommand());
    }

    private static <T> T parsed(T command, ChatServer on, String... args) {
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(on.port()), "--timeout", "20s",
                "--server-pid", Long.toString(ProcessHandle.current().pid()), "--readers", "3", "--drain", "3s"));
        all.addAll(List.of(args));
        new CommandLine(command).parseArgs(all.toArray(String[]::new));
        return command;
    }

    private static Report shown(Report report) {
        System.out.println(report.toTable());
        return report;
    }

    /** What every scenario reports, and what a run without losses shows. */
    private static void measuredCleanly(Report report) {
        assertThat(report.get("setupFailure")).isNull();
        assertThat((Double) report.get("rssPeakMib")).isPositive();
        assertThat((Long) report.get("rssSamples")).isPositive();
        assertThat(report.get("bystanderWorstPingMs")).isInstanceOf(Double.class);
        assertThat((Integer) report.get("bystanderPings")).isPositive();
        assertThat(report.get("bystanderCut")).isEqualTo("-");
        assertThat((Long) report.get("broadcastSent")).isPositive();
        assertThat(report.get("lostLines")).isEqualTo(0L);
        assertThat(report.get("orderViolations")).isEqualTo(0L);
        assertThat(report.get("readersCut")).isEqualTo(0L);
    }

    @Test
    void stormResetsEveryClientAndTheBystanderHearsOfEachLeaveOneByOneOrSummedUp() throws Exception {
        // 3 s: leaves past 50 a second are summed up once that second is over.
        Report report = shown(parsed(new StormScenario(), server, "-n", "200", "-d", "3s", "--name-prefix", "ost").run());

        measuredCleanly(report);
        assertThat((Long) report.get("leaveNotices") + (Long) report.get("leaveSummarized")).isEqualTo(200L);
        assertThat(report.get("leavesToBystanderMs")).isInstanceOf(Double.class);
        assertThat(report.get("stormCut")).isEqualTo(0L);
    }

    @Test
    void whoFloodAttackersAskAtTheirRate() throws Exception {
        Report report = shown(parsed(new WhoFloodScenario(), server, "-u", "100", "-a", "4", "--who-rate", "20",
                "-d", "1s", "--attacker-reads", "slow", "--name-prefix", "owf").run());

        measuredCleanly(report);
        assertThat((Long) report.get("whoSent")).isBetween(60L, 90L);
        assertThat((Long) report.get("attackerBytesRead")).isPositive();
        assertThat(report.get("attackersCut")).isEqualTo(0L);
    }

    @Test
    void preloginHoldReportsEachWaveAndThePerConnectionGrowth() throws Exception {
        Report report = shown(parsed(new PreloginHoldScenario(), server, "-c", "50", "--bytes", "2000", "--waves", "2",
                "--hold", "300ms", "--gap", "100ms", "--name-prefix", "oph").run());

        measuredCleanly(report);
        assertThat(report.get("wave1Connected")).isEqualTo(50);
        assertThat(report.get("wave2Connected")).isEqualTo(50);
        assertThat(report.get("wave2SendStalled")).isEqualTo(0L);
        assertThat(report.get("rssPerConnBytes")).isInstanceOf(Long.class);
    }

    @Test
    void churnLogsInAndLeavesAtItsRate() throws Exception {
        Report report = shown(parsed(new ChurnScenario(), server, "-u", "50", "--churn-rate", "100", "-d", "1s",
                "--name-prefix", "och").run());

        measuredCleanly(report);
        assertThat((Long) report.get("churnAttempted")).isBetween(50L, 100L); // 100 planned; a busy machine falls behind
        assertThat(report.get("churnLoggedIn")).isEqualTo(report.get("churnAttempted"));
        assertThat(report.get("churnFailures")).isEqualTo("-");
        assertThat((Long) report.get("leaveNotices")).isPositive();
    }

    @Test
    void logStallPairsDeliverEveryNumberedDm() throws Exception {
        Report report = shown(parsed(new LogStallScenario(), server, "-p", "3", "--dm-rate", "20", "-d", "1s",
                "--name-prefix", "ols").run());

        measuredCleanly(report);
        assertThat((Long) report.get("dmSent")).isPositive();
        assertThat(report.get("dmReceived")).isEqualTo(report.get("dmSent")); // each DM reader has one sender
        assertThat(report.get("dmLost")).isEqualTo(0L);
        assertThat(report.get("readers")).isEqualTo(6L);
    }

    @Test
    void shutdownTimesTheExitAndCountsTheReadersThatReadTheNotice() throws Exception {
        ChatServer ending = start(ServerConfig.builder().floodRate(0).sendQueueBytes(16L << 20)
                .shutdownGrace(Duration.ofSeconds(1)));
        try {
            ShutdownScenario scenario = parsed(new ShutdownScenario(), ending, "--slow-readers", "3",
                    "--backlog", "300000", "--line-size", "20000", "--settle", "300ms", "--eof-wait", "2s",
                    "--name-prefix", "osd");
            scenario.control = new ServerControl() {
                @Override
                public void terminate() {
                    Thread.ofPlatform().start(ending::shutdown);
                }

                @Override
                public boolean awaitExit(Duration timeout) {
                    try {
                        await().atMost(timeout).until(ending::isShutDown);
                        return true;
                    } catch (ConditionTimeoutException e) {
                        return false;
                    }
                }
            };
            Report report = shown(scenario.run());

            assertThat(report.get("setupFailure")).isNull();
            assertThat(report.get("exitMs")).isInstanceOf(Double.class);
            assertThat((Long) report.get("slowReadersSawNotice") + (Long) report.get("slowReadersEofWithoutNotice"))
                    .isEqualTo(3L);
            assertThat(report.get("bystanderSawNotice")).isEqualTo(true);
            assertThat(report.get("lostLines")).isEqualTo(0L);
            assertThat(report.get("readersCut")).isEqualTo(0L); // they read the notice before their end
        } finally {
            ending.shutdown();
        }
    }

    @Test
    void clientsTheServerCutAreCountedByTheirLastLine() throws Exception {
        // 2 s of silence: far above the bystander's PING interval even when a PONG waits behind
        // the attackers' listings on a loaded machine, far below the 5 s the users only read.
        ChatServer idle = start(ServerConfig.builder().floodRate(0).idleTimeout(Duration.ofSeconds(2)));
        try {
            Report report = shown(parsed(new WhoFloodScenario(), idle, "-u", "10", "-a", "2", "-d", "5s",
                    "--name-prefix", "oic").run());

            // Users and readers only read: the idle timeout ends them; the attackers and the bystander are active.
            assertThat(report.get("usersCut")).isEqualTo(10L);
            assertThat(report.get("attackersCut")).isEqualTo(0L);
            assertThat((String) report.get("cutBy")).isEqualTo("INFO disconnected due to inactivity=10");
            assertThat((String) report.get("cutHow")).isEqualTo("eof=10");
            // The stream sender goes quiet when the attack ends and may be cut too while the attackers drain.
            assertThat((String) report.get("readersCutBy")).contains("INFO disconnected due to inactivity=3");
            assertThat(report.get("bystanderCut")).isEqualTo("-");
            assertThat((String) report.get("failedTargets")).contains("lost");
            assertThat(report.get("targetsMet")).isEqualTo(false);
        } finally {
            idle.shutdown();
        }
    }

    @Test
    void aServerThatIsNotThereIsASetupFailure() throws Exception {
        StormScenario scenario = new StormScenario();
        new CommandLine(scenario).parseArgs("--port", "1", "--timeout", "2s", "-n", "5");
        Report report = shown(scenario.run());

        assertThat((String) report.get("setupFailure")).isNotBlank();
        assertThat(report.get("targetsMet")).isEqualTo(false);
    }
}
