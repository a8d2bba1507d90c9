package io.socketchat.console.admin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Where the admin socket lives and how it is created so that only its owner can ever connect.
 *
 * <p>Binding creates the socket file with the process umask, so binding at the final path and
 * then calling chmod would leave a moment in which anyone could connect. Instead the socket is
 * bound inside a fresh directory only the owner can enter, set to 0600 there, and then renamed
 * into place: rename is atomic and keeps the bound socket.
 */
final class AdminSocketFile {

    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private AdminSocketFile() {
    }

    /**
     * {@code $XDG_RUNTIME_DIR/socketchat-<port>.sock} (that directory is private to the user by
     * definition), else {@code <tmpdir>/socketchat-<user>/socketchat-<port>.sock}: a directory of
     * our own, so other users cannot squat the name in the shared temp directory.
     */
    static Path defaultPath(int port, UnaryOperator<String> environment) {
        return defaultCandidates(port, environment).get(0);
    }

    /**
     * Where a client looks for the server on {@code port}: the default path, then the temp
     * directory one. A server started by a service manager often has no XDG_RUNTIME_DIR while
     * the operator's login shell has one, so the two sides can disagree on the default.
     */
    static List<Path> defaultCandidates(int port, UnaryOperator<String> environment) {
        String name = "socketchat-" + port + ".sock";
        Path inTemp = Path.of(System.getProperty("java.io.tmpdir"), "socketchat-" + System.getProperty("user.name"), name);
        String runtimeDir = environment.apply("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank() && Files.isDirectory(Path.of(runtimeDir))) {
            return List.of(Path.of(runtimeDir, name), inTemp);
        }
        return List.of(inTemp);
    }

    /** Binds a listening admin socket at {@code path}, owner-only, replacing a stale one. */
    static ServerSocketChannel bind(Path path) throws IOException {
        Path target = path.toAbsolutePath();
        Path parent = target.getParent();
        ensurePrivateParent(parent);
        refuseIfInUse(target);
        try {
            return bindPrivately(target, parent);
        } catch (IOException e) {
            throw new IOException("cannot create admin socket " + target + ": " + e, e);
        }
    }

    private static ServerSocketChannel bindPrivately(Path target, Path parent) throws IOException {
        Path staging = Files.createTempDirectory(parent, ".socketchat-admin-",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        Path stagedSocket = staging.resolve("admin.sock");
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(stagedSocket));
            Files.setPosixFilePermissions(stagedSocket, OWNER_ONLY_FILE);
            Files.move(stagedSocket, target, StandardCopyOption.ATOMIC_MOVE);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(stagedSocket);
            throw e;
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    /** The file's identity, to delete only our own socket (not a successor's) on close. */
    static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static void ensurePrivateParent(Path parent) throws IOException {
        if (Files.isDirectory(parent)) {
            return;
        }
        try {
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } catch (FileAlreadyExistsException e) {
            throw new IOException("admin socket directory " + parent + " exists and is not a directory", e);
        } catch (IOException e) {
            throw new IOException("cannot create admin socket directory " + parent + ": " + e, e);
        }
    }

    /**
     * A file already at {@code path} is either the socket of a live server (refuse: two servers
     * would fight over it), a socket left by a crashed one (nothing answers: it gets replaced),
     * or something else that is not ours to delete (refuse).
     */
    private static void refuseIfInUse(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!attributes.isOther()) {
            throw new IOException("admin socket path " + path + " exists and is not a socket; remove it or choose"
                    + " another with --admin-socket");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException("admin socket " + path + " is in use by a running server; stop it, or use"
                    + " --admin-socket PATH or --no-admin-socket");
        } catch (ConnectException e) {
            // nobody listens: a stale socket from a server that did not shut down; rename replaces it
        }
    }
}
