package io.socketchat.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code chat-bench}: the load generator's top command; each scenario is a subcommand. */
@Command(name = "chat-bench", mixinStandardHelpOptions = true,
        subcommands = {FanoutCommand.class, DmCommand.class, ConnsCommand.class, JoinCommand.class, OverloadCommand.class,
                AuthCommand.class, PubSubCommand.class},
        description = {"Load generator for SocketChat (or any server speaking its line protocol).",
                "Exit code 0 when the run was clean (nothing lost, nothing out of order), 1 otherwise, 2 for bad options."})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // A later option overrides an earlier one: scripts append their overrides (bench/run-overload.sh BENCH_OPTS).
        System.exit(new CommandLine(new BenchCommand()).setOverwrittenOptionsAllowed(true).execute(args));
    }
}
