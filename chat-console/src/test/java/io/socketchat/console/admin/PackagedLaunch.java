package io.socketchat.console.admin;

import io.socketchat.testkit.ServerProcess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code chat-server args...} through the packaged launcher ({@link Distribution}), with stdin a
 * pipe (not a terminal) and stderr merged into stdout, run by the one {@link ServerProcess}.
 */
final class PackagedLaunch {

    private PackagedLaunch() {
    }

    static ServerProcess start(Path home, String... args) {
        return startWithEnvironment(home, null, null, args);
    }

    /** As {@link #start}, with one more environment variable (none when {@code variable} is null). */
    static ServerProcess startWithEnvironment(Path home, String variable, String value, String... args) {
        return ServerProcess.start(builder(home, variable, value, args));
    }

    /** Runs {@code chat-server args...} to its end. */
    static ServerProcess.Result run(Path home, String... args) {
        return runWithInput(home, null, null, "", args);
    }

    static ServerProcess.Result runWithEnvironment(Path home, String variable, String value, String... args) {
        return runWithInput(home, variable, value, "", args);
    }

    /** Runs {@code chat-server args...} to its end with {@code input} on its stdin. */
    static ServerProcess.Result runWithInput(Path home, String variable, String value, String input, String... args) {
        return ServerProcess.run(builder(home, variable, value, args), input);
    }

    private static ProcessBuilder builder(Path home, String variable, String value, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Distribution.launcher().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Distribution.configure(builder.environment(), home);
        if (variable != null) {
            builder.environment().put(variable, value);
        }
        return builder;
    }
}
