package io.socketchat.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code chat-bench overload <scenario>}: the server under more than it should take. */
@Command(name = "overload", mixinStandardHelpOptions = true,
        subcommands = {StormScenario.class, WhoFloodScenario.class, PreloginHoldScenario.class,
                ChurnScenario.class, LogStallScenario.class, ShutdownScenario.class},
        description = {"Overload scenarios. Each reports the server's peak RSS growth (sampled from /proc), "
                + "a bystander's worst PING round trip, the leave notices it was sent, which of the scenario's "
                + "clients the server cut (by the last line each read; with --server-log, the [SLOW] lines by "
                + "reason) and the lines lost by well-behaved readers.",
                "Exit code 0 only when every target was met (see failedTargets)."})
final class OverloadCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
