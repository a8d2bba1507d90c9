package io.socketchat.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server of the test's own: Debian's binaries ({@code /usr/lib/postgresql/<version>/bin},
 * the newest installed), a cluster made by {@code initdb} in a temporary directory and run by
 * {@code pg_ctl} on a free 127.0.0.1 port, with its unix socket in that directory too (never the
 * system's {@code /var/run/postgresql}). One database, {@link #DATABASE}, owned by {@link #USER},
 * who logs in over TCP with a password (SCRAM), as a production server would ask.
 *
 * <p>As root: {@code initdb} and the server refuse to run as root, so every PostgreSQL command
 * runs through {@code runuser -u postgres --} (the user Debian's package creates; when it is
 * missing, a system user {@code socketchat-pg} is created with {@code useradd}), and the
 * temporary directory is handed to that user. As anyone else the commands run as the caller.
 *
 * <p>{@link #stop()} and {@link #start()} stop the server and start it again on the same port
 * with the same data (a database that goes away while a client uses it); {@link #close()} stops
 * it and deletes the directory.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "socketchat";
    public static final String DATABASE = "chat";
    private static final String RUN_AS_WHEN_ROOT = "postgres";
    private static final String CREATED_USER = "socketchat-pg";
    private static final int START_ATTEMPTS = 3;
    private static final long COMMAND_SECONDS = 60;

    private final Path directory;
    private final Path bin;
    private final List<String> runAs;
    private final String password;
    private final Map<String, String> settings;
    private final Path commandLog;
    private int port;
    private boolean running;

    private PostgresServer(Path directory, Path bin, List<String> runAs, String password, Map<String, String> settings) {
        this.directory = directory;
        this.bin = bin;
        this.runAs = runAs;
        this.password = password;
        this.settings = settings;
        this.commandLog = directory.resolve("commands.log");
    }

    /** A new cluster with PostgreSQL's default settings, started, with {@link #DATABASE} created. */
    public static PostgresServer launch() {
        return launch(Map.of());
    }

    /**
     * As {@link #launch()}, with server settings ({@code postgres -c name=value}), e.g.
     * {@code synchronous_commit=off}. The cluster lives in a new directory of the system's
     * temporary directory (not a test's own {@code @TempDir}: that one is private to the test's
     * user, and the server's user must reach its files).
     */
    public static PostgresServer launch(Map<String, String> settings) {
        Path bin = binaries();
        try {
            Path directory = Files.createTempDirectory("socketchat-postgres-");
            List<String> runAs = runAsPrefix();
            String password = "pw-" + Long.toHexString(System.nanoTime());
            PostgresServer server = new PostgresServer(directory, bin, runAs, password, new LinkedHashMap<>(settings));
            // A test JVM that ends without closing it (a crash, a timeout) must not leave a server behind.
            Runtime.getRuntime().addShutdownHook(new Thread(server::closeQuietly, "postgres-server-stop"));
            server.initdb();
            server.startOnAFreePort();
            server.createDatabase();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a PostgreSQL directory", e);
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} that has {@code initdb}. */
    static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(version -> version.resolve("bin"))
                        .filter(dir -> Files.isExecutable(dir.resolve("initdb")))
                        .max(Comparator.comparingInt(PostgresServer::majorVersion));
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries in " + root
                + "/<version>/bin (apt-get install postgresql)");
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> runAsPrefix() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        String user = RUN_AS_WHEN_ROOT;
        if (!userExists(user)) {
            user = CREATED_USER;
            if (!userExists(user)) {
                ExternalCommand.run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user),
                        Map.of(), Path.of("/dev/null"), COMMAND_SECONDS);
            }
        }
        return List.of("runuser", "-u", user, "--");
    }

    private static boolean userExists(String user) {
        try {
            return new ProcessBuilder("id", "-u", user).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void initdb() throws IOException {
        Path passwordFile = directory.resolve("password");
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        Files.createDirectories(socketDirectory());
        handOver(directory, passwordFile, socketDirectory());
        postgresCommand(List.of(bin.resolve("initdb").toString(), "-D", dataDirectory().toString(), "-U", USER,
                "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                "--no-locale", "--no-sync"));
        Files.deleteIfExists(passwordFile);
    }

    /** As root, gives the directories and files to the user the server runs as. */
    private void handOver(Path... paths) throws IOException {
        if (runAs.isEmpty()) {
            return;
        }
        UserPrincipal owner = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs.get(2));
        for (Path path : paths) {
            Files.setOwner(path, owner);
        }
    }

    private void startOnAFreePort() {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            port = ExternalCommand.freePort();
            try {
                start();
                return;
            } catch (IllegalStateException e) {
                last = e; // another process took the port in between: try another one
            }
        }
        throw last;
    }

    /** Starts the server (again) on its port, waiting until it accepts connections. */
    public synchronized void start() {
        if (running) {
            return;
        }
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port), "-k", socketDirectory().toString(),
                "-c", "listen_addresses=127.0.0.1"));
        settings.forEach((name, value) -> options.addAll(List.of("-c", name + "=" + value)));
        postgresCommand(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDirectory().toString(),
                "-l", directory.resolve("server.log").toString(), "-o", String.join(" ", options), "-w", "-t", "60", "start"));
        running = true;
    }

    /** Stops the server (fast shutdown: open sessions are ended), keeping its data. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        postgresCommand(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDirectory().toString(), "-m", "fast", "-w",
                "-t", "60", "stop"));
        running = false;
    }

    private void createDatabase() {
        createDatabase(DATABASE);
    }

    /** Creates another (empty) database owned by {@link #USER}: a test's own, beside the others. */
    public void createDatabase(String name) {
        postgresCommand(List.of(bin.resolve("createdb").toString(), "-h", socketDirectory().toString(),
                "-p", Integer.toString(port), "-U", USER, name));
    }

    /** Runs {@code sql} with {@code psql} over the unix socket as {@link #USER}, in {@link #DATABASE}. */
    public void psql(String sql) {
        psql(DATABASE, sql);
    }

    /** As {@link #psql(String)}, in another database. */
    public void psql(String database, String sql) {
        postgresCommand(List.of(bin.resolve("psql").toString(), "-h", socketDirectory().toString(),
                "-p", Integer.toString(port), "-U", USER, "-d", database, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql));
    }

    private void postgresCommand(List<String> command) {
        List<String> full = new ArrayList<>(runAs);
        full.addAll(command);
        ExternalCommand.run(full, Map.of(), commandLog, COMMAND_SECONDS);
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** {@code postgresql://socketchat:<password>@127.0.0.1:<port>/chat}, as an operator writes it for {@code --store}. */
    public String url() {
        return url(DATABASE);
    }

    /** As {@link #url()}, for another database. */
    public String url(String database) {
        return "postgresql://" + USER + ":" + password + "@127.0.0.1:" + port + "/" + database;
    }

    /** The JDBC URL of {@link #DATABASE} (user and password given apart). */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** As {@link #jdbcUrl()}, for another database. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Path directory() {
        return directory;
    }

    /** The server's own log (connections refused, errors), for a failing test's message. */
    public String logTail() {
        return ExternalCommand.tail(directory.resolve("server.log"));
    }

    public synchronized boolean running() {
        return running;
    }

    private Path dataDirectory() {
        return directory.resolve("data");
    }

    private Path socketDirectory() {
        return directory.resolve("socket");
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException ignored) {
            // at JVM exit: nothing left to report to
        }
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            ExternalCommand.deleteTree(directory);
        }
    }
}
