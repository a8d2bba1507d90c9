package io.socketchat.console.admin;

import io.socketchat.console.ServerCommand;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin socket: its file, its protocol, and {@code chat-server admin} with its exit codes. */
class AdminSocketTest {

    /** A group no machine has: the socket is then owner-only, whether or not a socketchat group exists here. */
    private static final String NO_GROUP = "no-such-group-" + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private LiveServer live;
    private Path socketPath;
    private AdminSocketServer socket;

    @BeforeEach
    void start() throws IOException {
        live = LiveServer.start();
        socketPath = dir.resolve("admin.sock");
        socket = AdminSocketServer.open(socketPath, LiveServerTarget.of(live.server, "admin-socket"), NO_GROUP);
    }

    @AfterEach
    void stop() {
        socket.close();
        live.close();
    }

    /** {@code chat-server admin ...} through the real command line, output captured. */
    private record Run(int exitCode, String out, String err) {
    }

    private static Run chatServer(Map<String, String> environment, String... args) {
        CommandLine commandLine = ServerCommand.commandLine(environment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private Run admin(String... command) {
        String[] args = new String[command.length + 3];
        args[0] = "admin";
        args[1] = "--admin-socket";
        args[2] = socketPath.toString();
        System.arraycopy(command, 0, args, 3, command.length);
        return chatServer(Map.of(), args);
    }

    @Test
    void socketIsOwnerOnlyAndNothingElseIsLeftInItsDirectory() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(socketPath, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertThat(attributes.isOther()).as("a socket, not a file").isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socketPath))).isEqualTo("rw-------");
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(socketPath); // the private staging directory is gone
        }
    }

    @Test
    void closingRemovesTheSocketAndEndsAttachedClients() throws IOException {
        try (RawAdminConnection attached = new RawAdminConnection(socketPath)) {
            attached.send(AdminProtocol.hello());
            assertThat(attached.readLine()).isEqualTo("SOCKETCHAT-ADMIN 1 OK");

            socket.close();

            assertThat(socketPath).doesNotExist();
            assertThat(attached.readLine()).isNull();
        }
    }

    @Test
    void oneShotCommandPrintsItsOutputAndExitsZero() {
        try (TestClient bob = TestClient.login(live.port(), "bob");
             TestClient carol = TestClient.login(live.port(), "carol")) {
            Run users = admin("users", "--json");
            assertThat(users.exitCode()).isZero();
            assertThat(MiniJson.parseArray(users.out().strip())).hasSize(2);

            Run kick = admin("kick", "bob", "too", "noisy");

            assertThat(kick.exitCode()).isZero();
            assertThat(kick.out()).isEqualTo("kicked bob (too noisy)\n");
            assertThat(bob.readLine()).isEqualTo("INFO kicked by operator: too noisy");
            assertThat(bob.readUntilClosed()).isEmpty();
            assertThat(carol.readLine()).isEqualTo("INFO bob disconnected");
            assertThat(live.logLines()).contains("[KICK] user=bob by=admin-socket reason=\"too noisy\"");
        }
    }

    @Test
    void oneShotExitCodesTellFailureUsageAndNoServerApart() {
        Run unknownUser = admin("kick", "nobody");
        assertThat(unknownUser.exitCode()).isEqualTo(1);
        assertThat(unknownUser.err()).isEqualTo("kick: no such user: nobody\n");

        Run unknownCommand = admin("frobnicate");
        assertThat(unknownCommand.exitCode()).isEqualTo(2);
        assertThat(unknownCommand.err()).contains("'frobnicate'");

        Run noServer = chatServer(Map.of(), "admin", "--admin-socket", dir.resolve("none.sock").toString(), "users");
        assertThat(noServer.exitCode()).isEqualTo(3);
        assertThat(noServer.err()).contains("no server is listening").contains("none.sock");
    }

    @Test
    void socketLeftByADeadServerMeansNoServer() throws IOException {
        Path stale = staleSocket(dir.resolve("stale.sock"));

        Run run = chatServer(Map.of(), "admin", "--admin-socket", stale.toString(), "users");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("no server is listening");
    }

    @Test
    void somethingElseOnTheSocketIsAProtocolError() throws Exception {
        Path other = dir.resolve("other.sock");
        try (ServerSocketChannel impostor = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            impostor.bind(UnixDomainSocketAddress.of(other));
            Thread.ofVirtual().start(() -> {
                try (SocketChannel peer = impostor.accept()) {
                    peer.read(java.nio.ByteBuffer.allocate(64)); // the hello
                    peer.write(java.nio.ByteBuffer.wrap("HTTP/1.1 400 Bad Request\n".getBytes(StandardCharsets.UTF_8)));
                } catch (IOException ignored) {
                    // the test fails on the client side if this goes wrong
                }
            });

            Run run = chatServer(Map.of(), "admin", "--admin-socket", other.toString(), "users");

            assertThat(run.exitCode()).isEqualTo(4);
            assertThat(run.err()).contains("does not speak admin protocol 1");
        }
    }

    @Test
    void environmentVariableChoosesTheSocket() {
        try (TestClient bob = TestClient.login(live.port(), "bob")) {
            Run run = chatServer(Map.of("CHAT_ADMIN_SOCKET", socketPath.toString()), "admin", "users", "--names");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("bob\n");
        }
    }

    @Test
    void argumentsWithBlanksSurviveTheTrip() {
        try (TestClient bob = TestClient.login(live.port(), "bob")) {
            Run kick = admin("kick", "bob", "say \"bye\"  twice");

            assertThat(kick.exitCode()).isZero();
            assertThat(bob.readLine()).isEqualTo("INFO kicked by operator: say \"bye\"  twice");
        }
    }

    @Test
    void protocolPrefixesEveryLineAndEndsEachAnswerWithItsExitCode() throws IOException {
        try (TestClient bob = TestClient.login(live.port(), "bob");
             RawAdminConnection raw = new RawAdminConnection(socketPath)) {
            raw.send("SOCKETCHAT-ADMIN 1");
            assertThat(raw.readLine()).isEqualTo("SOCKETCHAT-ADMIN 1 OK");

            raw.send("users --names");
            assertThat(raw.readLine()).isEqualTo("OUT bob");
            assertThat(raw.readLine()).isEqualTo("EXIT 0");

            raw.send("kick nobody");
            assertThat(raw.readLine()).isEqualTo("ERR kick: no such user: nobody");
            assertThat(raw.readLine()).isEqualTo("EXIT 1");

            raw.send("");
            assertThat(raw.readLine()).isEqualTo("EXIT 0");
        }
    }

    @Test
    void anotherProtocolVersionIsRefused() throws IOException {
        try (RawAdminConnection raw = new RawAdminConnection(socketPath)) {
            raw.send("SOCKETCHAT-ADMIN 2");

            assertThat(raw.readLine()).isEqualTo("SOCKETCHAT-ADMIN ERR unsupported-version 1");
            assertThat(raw.readLine()).isNull();
        }
    }

    @Test
    void staleSocketFromACrashedServerIsReplaced() throws IOException {
        Path path = staleSocket(dir.resolve("crashed.sock"));

        try (AdminSocketServer replacement = AdminSocketServer.open(path, LiveServerTarget.of(live.server, "admin-socket"), NO_GROUP)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
            Run run = chatServer(Map.of(), "admin", "--admin-socket", path.toString(), "port");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("port " + live.port() + "\n");
        }
        assertThat(path).doesNotExist();
    }

    @Test
    void socketOfALiveServerIsNotTakenOver() {
        assertThatThrownBy(() -> AdminSocketServer.open(socketPath, LiveServerTarget.of(live.server, "admin-socket")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("in use by a running server");

        assertThat(admin("timeout").exitCode()).as("the first server still answers").isZero();
    }

    @Test
    void fileThatIsNotASocketIsLeftAlone() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");

        assertThatThrownBy(() -> AdminSocketServer.open(file, LiveServerTarget.of(live.server, "admin-socket")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not a socket");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void theServersSocketIsTheServiceRuntimeDirectoryThenRunSocketchatThenTheUsersRuntimeDirectoryThenTemp()
            throws IOException {
        Path runtime = Files.createDirectory(dir.resolve("runtime"));
        Path system = Files.createDirectory(dir.resolve("run-socketchat"));
        Path user = Files.createDirectory(dir.resolve("xdg"));
        Map<String, String> all = Map.of("RUNTIME_DIRECTORY", runtime.toString(), "XDG_RUNTIME_DIR", user.toString());

        assertThat(AdminSocketFile.defaultPath(all::get, system)).isEqualTo(runtime.resolve("admin.sock"));
        assertThat(AdminSocketFile.defaultPath(Map.of("XDG_RUNTIME_DIR", user.toString())::get, system))
                .isEqualTo(system.resolve("admin.sock"));
        assertThat(AdminSocketFile.defaultPath(Map.of("XDG_RUNTIME_DIR", user.toString())::get, dir.resolve("absent")))
                .isEqualTo(user.resolve("socketchat").resolve("admin.sock"));
        assertThat(AdminSocketFile.defaultPath(name -> null, dir.resolve("absent")))
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"),
                        "socketchat-" + System.getProperty("user.name"), "admin.sock"));
    }

    @Test
    void aClientLooksInEveryPlaceAServerMayUse() throws IOException {
        Path user = Files.createDirectory(dir.resolve("xdg"));
        Path system = dir.resolve("run-socketchat");

        assertThat(AdminSocketFile.candidates(Map.of("XDG_RUNTIME_DIR", user.toString())::get, system))
                .containsExactly(system.resolve("admin.sock"), user.resolve("socketchat").resolve("admin.sock"),
                        AdminSocketFile.defaultPath(name -> null, dir.resolve("absent")));
    }

    @Test
    void theSocketIsForItsOwnerAndTheOperatorsGroupWhenThatGroupExists() throws IOException {
        String myGroup = Files.readAttributes(dir, PosixFileAttributes.class).group().getName();
        Path shared = dir.resolve("shared.sock");
        try (AdminSocketServer withGroup = AdminSocketServer.open(shared, LiveServerTarget.of(live.server, "admin-socket"), myGroup)) {
            PosixFileAttributes attributes = Files.readAttributes(shared, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            assertThat(PosixFilePermissions.toString(attributes.permissions())).isEqualTo("rw-rw----");
            assertThat(attributes.group().getName()).isEqualTo(myGroup);
        }
        Path mine = dir.resolve("mine.sock");
        try (AdminSocketServer noGroup = AdminSocketServer.open(mine, LiveServerTarget.of(live.server, "admin-socket"), NO_GROUP)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mine, LinkOption.NOFOLLOW_LINKS)))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void adminHelpDocumentsTheExitCodes() {
        Run help = chatServer(Map.of(), "admin", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Exit codes:")
                .containsPattern("0 +The command succeeded")
                .containsPattern("1 +The command failed")
                .containsPattern("2 +Usage error")
                .containsPattern("3 +No server is listening")
                .containsPattern("4 +The admin socket broke");
    }

    /** A socket file nobody listens on, as a killed server leaves it (closing does not unlink). */
    private static Path staleSocket(Path path) throws IOException {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path));
        }
        assertThat(path).exists();
        return path;
    }
}
