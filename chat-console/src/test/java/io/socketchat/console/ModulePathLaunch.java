package io.socketchat.console;

import io.socketchat.testkit.ServerProcess;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * {@code chat-server} in its own JVM, launched the way bin/chat-server does
 * ({@code java -p <modules> -m io.socketchat.console/...Main}), with this test JVM's modules as
 * the module path, run by the one {@link ServerProcess}.
 */
final class ModulePathLaunch {

    private ModulePathLaunch() {
    }

    /** Starts {@code chat-server args} in {@code workingDirectory} with exactly {@code environment} set for CHAT_*. */
    static ServerProcess start(Path workingDirectory, Map<String, String> environment, String... args) {
        return ServerProcess.start(builder(workingDirectory, environment, args));
    }

    /** {@code chat-server args} as {@link #start} runs it, not yet started: for tests that need other redirections. */
    static ProcessBuilder builder(Path workingDirectory, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=org.xerial.sqlitejdbc",
                "-p", modulePath(), "-m", "io.socketchat.console/io.socketchat.console.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CHAT_") || name.equals("PORT"));
        builder.environment().putAll(environment);
        builder.environment().putIfAbsent("CHAT_NO_HTTP", "true"); // tests never bind the default HTTP port
        // Nor take the machine's one admin socket: a server running beside the tests holds it.
        builder.environment().putIfAbsent("CHAT_ADMIN_SOCKET", workingDirectory.resolve("admin.sock").toString());
        return builder;
    }

    /** The modules of this JVM (the console's classes, the server, built-ins, libraries). */
    private static String modulePath() {
        return ModuleLayer.boot().configuration().modules().stream()
                .map(module -> module.reference().location().orElse(null))
                .filter(Objects::nonNull)
                .filter(uri -> "file".equals(uri.getScheme()))
                .map(URI::getPath)
                .distinct()
                .collect(Collectors.joining(File.pathSeparator));
    }
}
