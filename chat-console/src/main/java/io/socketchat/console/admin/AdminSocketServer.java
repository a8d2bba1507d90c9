package io.socketchat.console.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves operator commands on a Unix-domain socket, one virtual thread per attached client,
 * speaking {@link AdminProtocol}. Closing it closes every attached client and removes the
 * socket file (if it is still ours).
 */
public final class AdminSocketServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.console.admin");

    private final Path path;
    private final Object fileKey;
    private final ServerSocketChannel listener;
    private final AdminTarget target;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private AdminSocketServer(Path path, Object fileKey, ServerSocketChannel listener, AdminTarget target) {
        this.path = path;
        this.fileKey = fileKey;
        this.listener = listener;
        this.target = target;
    }

    /**
     * Creates the socket (group {@value AdminSocketFile#OPERATORS_GROUP} where it exists, else
     * owner-only; a stale one is replaced) and starts accepting.
     *
     * @throws IOException when a live server owns the path, or it cannot be created
     */
    public static AdminSocketServer open(Path path, AdminTarget target) throws IOException {
        return open(path, target, AdminSocketFile.OPERATORS_GROUP);
    }

    static AdminSocketServer open(Path path, AdminTarget target, String operatorsGroup) throws IOException {
        ServerSocketChannel listener = AdminSocketFile.bind(path, AdminSocketFile.operatorsGroup(operatorsGroup));
        Path absolute = path.toAbsolutePath();
        AdminSocketServer server = new AdminSocketServer(absolute, AdminSocketFile.fileKey(absolute), listener, target);
        Thread.ofPlatform().daemon().name("chat-admin-accept").start(server::acceptLoop);
        PosixFileAttributes attributes = Files.readAttributes(absolute, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        log.info("[ADMIN] listening socket={} mode={} group={}", absolute,
                PosixFilePermissions.toString(attributes.permissions()), attributes.group().getName());
        return server;
    }

    public Path path() {
        return path;
    }

    private void acceptLoop() {
        while (!closed.get()) {
            SocketChannel client;
            try {
                client = listener.accept();
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException e) {
                if (!closed.get()) {
                    log.error("[ERROR] admin socket accept failed socket={} cause={}", path, e.toString());
                }
                return;
            }
            clients.add(client);
            Thread.ofVirtual().name("chat-admin-client").start(() -> serve(client));
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(client));
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(client));
            String hello = AdminProtocol.readLine(in);
            if (hello == null) {
                return; // a probe checking whether a server is alive
            }
            if (AdminProtocol.requestedVersion(hello) != AdminProtocol.VERSION) {
                AdminProtocol.writeLine(out, AdminProtocol.rejected());
                log.warn("[ADMIN] rejected hello=\"{}\"", hello);
                return;
            }
            AdminProtocol.writeLine(out, AdminProtocol.accepted());
            String line;
            while ((line = AdminProtocol.readLine(in)) != null) {
                CommandResult result = AdminCommands.run(line, target);
                log.debug("[ADMIN] command=\"{}\" exit={}", line, result.exitCode());
                AdminProtocol.writeResult(out, result);
            }
        } catch (IOException e) {
            if (!closed.get()) {
                log.debug("[ADMIN] client ended cause={}", e.toString());
            }
        } finally {
            clients.remove(client);
        }
    }

    /** Stops accepting, ends attached clients, removes the socket file. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(listener);
        clients.forEach(AdminSocketServer::closeQuietly);
        try {
            if (Objects.equals(AdminSocketFile.fileKey(path), fileKey)) {
                Files.delete(path);
            }
        } catch (IOException e) {
            // already gone (or replaced by another server's socket, which is not ours to remove)
        }
        log.info("[ADMIN] closed socket={}", path);
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing on the way out
        }
    }
}
