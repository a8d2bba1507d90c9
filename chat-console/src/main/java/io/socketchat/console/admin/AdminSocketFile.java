package io.socketchat.console.admin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Where the admin socket lives and how it is created so that only its owner (and the
 * {@value #OPERATORS_GROUP} group, where it exists) can ever connect.
 *
 * <p>Binding creates the socket file with the process umask, so binding at the final path and
 * then calling chmod would leave a moment in which anyone could connect. Instead the socket is
 * bound inside a fresh directory only the owner can enter, given its group and mode there, and
 * then renamed into place: rename is atomic and keeps the bound socket.
 *
 * <p>The path does not depend on the port (which can change live), so there is one admin socket
 * per place: {@code $RUNTIME_DIRECTORY/admin.sock} under systemd ({@code RuntimeDirectory=}),
 * else {@code /run/socketchat/admin.sock} when that directory is writable, else
 * {@code $XDG_RUNTIME_DIR/socketchat/admin.sock} for a user, else
 * {@code <tmpdir>/socketchat-<user>/admin.sock}: a directory of our own, so other users cannot
 * squat the name in the shared temp directory.
 */
final class AdminSocketFile {

    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_AND_GROUP_FILE = PosixFilePermissions.fromString("rw-rw----");
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    /** The group whose members may attach to a service's console (the package creates it). */
    static final String OPERATORS_GROUP = "socketchat";
    /** The service's runtime directory when nothing else is said. */
    static final Path SYSTEM_DIR = Path.of("/run/socketchat");
    static final String FILE_NAME = "admin.sock";

    private AdminSocketFile() {
    }

    /** Where a server opens its admin socket unless told: the first of the places above that applies. */
    static Path defaultPath(UnaryOperator<String> environment, Path systemDir) {
        Path underSystemd = runtimeDirectory(environment);
        if (underSystemd != null) {
            return underSystemd.resolve(FILE_NAME);
        }
        if (Files.isDirectory(systemDir) && Files.isWritable(systemDir)) {
            return systemDir.resolve(FILE_NAME);
        }
        Path user = userRuntimeDirectory(environment);
        return user != null ? user.resolve(FILE_NAME) : inTemp();
    }

    /**
     * Where a client looks for a server, in this order: the same places, every one of them,
     * because the service's directory is readable by its operators but not writable, and a
     * service has no XDG_RUNTIME_DIR while the operator's login shell has one.
     */
    static List<Path> candidates(UnaryOperator<String> environment, Path systemDir) {
        List<Path> candidates = new ArrayList<>();
        Path underSystemd = runtimeDirectory(environment);
        if (underSystemd != null) {
            candidates.add(underSystemd.resolve(FILE_NAME));
        }
        candidates.add(systemDir.resolve(FILE_NAME));
        Path user = userRuntimeDirectory(environment);
        if (user != null) {
            candidates.add(user.resolve(FILE_NAME));
        }
        candidates.add(inTemp());
        return List.copyOf(candidates);
    }

    /** systemd's {@code RUNTIME_DIRECTORY} (the first, if several are listed), or null. */
    private static Path runtimeDirectory(UnaryOperator<String> environment) {
        String value = environment.apply("RUNTIME_DIRECTORY");
        if (value == null || value.isBlank()) {
            return null;
        }
        return Path.of(value.split(":")[0]);
    }

    private static Path userRuntimeDirectory(UnaryOperator<String> environment) {
        String value = environment.apply("XDG_RUNTIME_DIR");
        if (value == null || value.isBlank() || !Files.isDirectory(Path.of(value))) {
            return null;
        }
        return Path.of(value, "socketchat");
    }

    private static Path inTemp() {
        return Path.of(System.getProperty("java.io.tmpdir"), "socketchat-" + System.getProperty("user.name"), FILE_NAME);
    }

    /** The operators' group, when it exists on this machine. */
    static Optional<GroupPrincipal> operatorsGroup(String name) {
        try {
            return Optional.of(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(name));
        } catch (IOException e) {
            return Optional.empty(); // no such group (UserPrincipalNotFoundException) or no lookup
        }
    }

    /**
     * Binds a listening admin socket at {@code path}, replacing a stale one: mode 0660 with the
     * group {@code group} when given and this process may hand the file to it, else owner-only.
     */
    static ServerSocketChannel bind(Path path, Optional<GroupPrincipal> group) throws IOException {
        Path target = path.toAbsolutePath();
        Path parent = target.getParent();
        ensurePrivateParent(parent);
        refuseIfInUse(target);
        try {
            return bindPrivately(target, parent, group);
        } catch (IOException e) {
            throw new IOException("cannot create admin socket " + target + ": " + e, e);
        }
    }

    private static ServerSocketChannel bindPrivately(Path target, Path parent, Optional<GroupPrincipal> group)
            throws IOException {
        Path staging = Files.createTempDirectory(parent, ".socketchat-admin-",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        Path stagedSocket = staging.resolve(FILE_NAME);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(stagedSocket));
            Files.setPosixFilePermissions(stagedSocket, OWNER_ONLY_FILE);
            if (group.isPresent() && handOver(stagedSocket, group.get())) {
                Files.setPosixFilePermissions(stagedSocket, OWNER_AND_GROUP_FILE);
            }
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

    /** Gives the file to the group; false when this process may not (it is not a member). */
    private static boolean handOver(Path file, GroupPrincipal group) {
        try {
            Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(group);
            return true;
        } catch (IOException e) {
            return false;
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
    static void refuseIfInUse(Path path) throws IOException {
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
