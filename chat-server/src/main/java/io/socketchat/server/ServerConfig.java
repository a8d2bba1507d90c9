package io.socketchat.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a server needs to start. Build one with {@link #builder()}; unset values take
 * the documented defaults.
 *
 * @param bindAddress     the address to listen on (default: all, {@code 0.0.0.0})
 * @param port            the TCP port, 0 for any free one (default 4000)
 * @param idleTimeout     silence after which a client is disconnected (default 60 s)
 * @param maxLineBytes    the longest line a client may send (default 64 KiB)
 * @param sendQueueBytes  how much may wait for one slow client before it is cut off (default 1 MiB)
 * @param shutdownGrace   how long a graceful shutdown waits for queues to drain (default 5 s)
 */
public record ServerConfig(
        InetAddress bindAddress,
        int port,
        Duration idleTimeout,
        int maxLineBytes,
        long sendQueueBytes,
        Duration shutdownGrace) {

    public static final int DEFAULT_PORT = 4000;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    public static final long DEFAULT_SEND_QUEUE_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    public ServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(shutdownGrace, "shutdownGrace");
        if (maxLineBytes < 16) {
            throw new IllegalArgumentException("maxLineBytes must be at least 16: " + maxLineBytes);
        }
        if (sendQueueBytes < maxLineBytes) {
            throw new IllegalArgumentException(
                    "sendQueueBytes (" + sendQueueBytes + ") must be at least maxLineBytes (" + maxLineBytes + ")");
        }
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(bindAddress, port);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .bindAddress(bindAddress)
                .port(port)
                .idleTimeout(idleTimeout)
                .maxLineBytes(maxLineBytes)
                .sendQueueBytes(sendQueueBytes)
                .shutdownGrace(shutdownGrace);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }

    /** Collects settings; {@link #build()} checks them. */
    public static final class Builder {
        private InetAddress bindAddress = new InetSocketAddress(0).getAddress();
        private int port = DEFAULT_PORT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
        private long sendQueueBytes = DEFAULT_SEND_QUEUE_BYTES;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;

        private Builder() {
        }

        public Builder bindAddress(InetAddress value) {
            bindAddress = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder maxLineBytes(int value) {
            maxLineBytes = value;
            return this;
        }

        public Builder sendQueueBytes(long value) {
            sendQueueBytes = value;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            shutdownGrace = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(bindAddress, port, idleTimeout, maxLineBytes, sendQueueBytes, shutdownGrace);
        }
    }
}
