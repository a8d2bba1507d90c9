package io.socketchat.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
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
 * @param maxClients      open connections the server holds at most, logged in or not; more get
 *                        {@code ERR server-full} (default: the open-file limit less 256, or
 *                        10,000 where that limit is unknown; see {@link #defaultMaxClients()})
 * @param maxPerIp        open connections one client address may hold, logged in or not; more get
 *                        {@code ERR too-many-connections} (default 50)
 * @param exempt          address ranges the per-address limit skips (default loopback; empty for none)
 * @param loginTimeout    how long a connection may stay without logging in (default 60 s)
 * @param floodRate       lines per second a client may send once its burst is spent; past it the
 *                        server reads from it more slowly, dropping nothing (default 10; 0 = no limit)
 * @param floodBurst      lines a client may send at once before the rate applies (default 40)
 * @param maxBufferedBytes the memory budget: bytes that may wait for or come from all clients
 *                        together (send queues, unread input, partial lines); over it the
 *                        connections holding the most are cut first (default: a quarter of the
 *                        maximum heap, see {@link #defaultMaxBuffered()})
 * @param leaveNoticesPerSecond {@code INFO <name> disconnected} lines sent per second at most;
 *                        the leaves past it are summed up in one {@code INFO <n> more users
 *                        disconnected} per second (default 50)
 * @param logText         whether {@code [MSG]} and {@code [DM]} log lines carry the message text
 *                        (default false: they carry its size only)
 * @param tls             a TLS listener next to the TCP one, or null for none (the default)
 * @param io              what serves the plain TCP connections (default {@link IoEngine#LOOP})
 * @param rooms           room limits and history replay (default {@link RoomSettings#DEFAULTS})
 */
public record ServerConfig(
        InetAddress bindAddress,
        int port,
        Duration idleTimeout,
        int maxLineBytes,
        long sendQueueBytes,
        Duration shutdownGrace,
        int maxClients,
        int maxPerIp,
        List<Cidr> exempt,
        Duration loginTimeout,
        int floodRate,
        int floodBurst,
        long maxBufferedBytes,
        int leaveNoticesPerSecond,
        boolean logText,
        TlsSettings tls,
        IoEngine io,
        RoomSettings rooms) {

    // Each default is defined once, here. Those in whole units are compile-time constants so
    // that the command line's annotations can show them in the units an operator types.
    public static final int DEFAULT_PORT = 4000;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS);
    public static final int DEFAULT_MAX_LINE_KIB = 64;
    public static final int DEFAULT_MAX_LINE_BYTES = DEFAULT_MAX_LINE_KIB * 1024;
    public static final int DEFAULT_SEND_QUEUE_MIB = 1;
    public static final long DEFAULT_SEND_QUEUE_BYTES = DEFAULT_SEND_QUEUE_MIB * 1024L * 1024;
    public static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 5;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(DEFAULT_SHUTDOWN_GRACE_SECONDS);
    /** The default of {@code maxClients} where the open-file limit is unknown or unlimited. */
    public static final int FALLBACK_MAX_CLIENTS = 10_000;
    public static final int DEFAULT_MAX_PER_IP = 50;
    public static final String DEFAULT_EXEMPT_RANGES = "127.0.0.0/8,::1";
    public static final List<Cidr> DEFAULT_EXEMPT = Cidr.parseList(DEFAULT_EXEMPT_RANGES);
    public static final int DEFAULT_LOGIN_TIMEOUT_SECONDS = 60;
    public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofSeconds(DEFAULT_LOGIN_TIMEOUT_SECONDS);
    public static final int DEFAULT_FLOOD_RATE = 10;
    public static final int DEFAULT_FLOOD_BURST = 40;
    public static final int DEFAULT_LEAVE_NOTICES = 50;
    /** The smallest memory budget: a few maximal lines must always fit. */
    public static final long MIN_MAX_BUFFERED = 1024 * 1024;

    /**
     * A quarter of the heap the JVM may grow to ({@code -Xmx}), at least {@value #MIN_MAX_BUFFERED}
     * bytes: what waits for clients is counted by its bytes, and the rest of the heap holds the
     * sessions themselves, the arrays that refer to queued lines and the garbage between collections.
     */
    public static long defaultMaxBuffered() {
        return Math.max(MIN_MAX_BUFFERED, Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * As many clients as this process can hold open: its open-file limit less
     * {@value FileLimit#RESERVED} descriptors for everything else (each client is one), or
     * {@value #FALLBACK_MAX_CLIENTS} when the limit is unknown or unlimited. So the server
     * admits up to what the system allows, and tells the next client {@code ERR server-full}
     * instead of failing to accept it.
     */
    public static int defaultMaxClients() {
        return FileLimit.clientsWithin(FileLimit.openFiles(), FALLBACK_MAX_CLIENTS);
    }

    public ServerConfig {
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(rooms, "rooms");
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
        requireAtLeast(maxClients, 1, "maxClients");
        requireAtLeast(maxPerIp, 1, "maxPerIp");
        exempt = List.copyOf(Objects.requireNonNull(exempt, "exempt"));
        requirePositive(loginTimeout, "loginTimeout");
        requireAtLeast(floodRate, 0, "floodRate");
        requireAtLeast(floodBurst, 1, "floodBurst");
        if (maxBufferedBytes < Math.max(MIN_MAX_BUFFERED, sendQueueBytes)) {
            throw new IllegalArgumentException("maxBufferedBytes (" + maxBufferedBytes
                    + ") must be at least sendQueueBytes (" + sendQueueBytes + ") and at least " + MIN_MAX_BUFFERED);
        }
        requireAtLeast(leaveNoticesPerSecond, 1, "leaveNoticesPerSecond");
    }

    /** True when flood control is on. */
    public boolean limitsFloods() {
        return floodRate > 0;
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(bindAddress, port);
    }

    /** Where the TLS listener binds (its own address, else the server's); null when TLS is off. */
    public InetSocketAddress tlsSocketAddress() {
        return tls == null ? null
                : new InetSocketAddress(tls.bindAddress() != null ? tls.bindAddress() : bindAddress, tls.port());
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
                .shutdownGrace(shutdownGrace)
                .maxClients(maxClients)
                .maxPerIp(maxPerIp)
                .exempt(exempt)
                .loginTimeout(loginTimeout)
                .floodRate(floodRate)
                .floodBurst(floodBurst)
                .maxBufferedBytes(maxBufferedBytes)
                .leaveNoticesPerSecond(leaveNoticesPerSecond)
                .logText(logText)
                .tls(tls)
                .io(io)
                .rooms(rooms);
    }

    private static void requireAtLeast(int value, int minimum, String name) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ": " + value);
        }
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
        private int maxClients = defaultMaxClients();
        private int maxPerIp = DEFAULT_MAX_PER_IP;
        private List<Cidr> exempt = DEFAULT_EXEMPT;
        private Duration loginTimeout = DEFAULT_LOGIN_TIMEOUT;
        private int floodRate = DEFAULT_FLOOD_RATE;
        private int floodBurst = DEFAULT_FLOOD_BURST;
        private long maxBufferedBytes = defaultMaxBuffered();
        private int leaveNoticesPerSecond = DEFAULT_LEAVE_NOTICES;
        private boolean logText;
        private TlsSettings tls;
        private IoEngine io = IoEngine.LOOP;
        private RoomSettings rooms = RoomSettings.DEFAULTS;

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

        public Builder maxClients(int value) {
            maxClients = value;
            return this;
        }

        public Builder maxPerIp(int value) {
            maxPerIp = value;
            return this;
        }

        /** Ranges the per-address limit skips; an empty list exempts no one. */
        public Builder exempt(List<Cidr> value) {
            exempt = value;
            return this;
        }

        public Builder loginTimeout(Duration value) {
            loginTimeout = value;
            return this;
        }

        /** Lines per second after the burst; 0 turns flood control off. */
        public Builder floodRate(int value) {
            floodRate = value;
            return this;
        }

        public Builder floodBurst(int value) {
            floodBurst = value;
            return this;
        }

        /** The memory budget for all connections together, in bytes. */
        public Builder maxBufferedBytes(long value) {
            maxBufferedBytes = value;
            return this;
        }

        public Builder leaveNoticesPerSecond(int value) {
            leaveNoticesPerSecond = value;
            return this;
        }

        /** True puts message text into the {@code [MSG]} and {@code [DM]} log lines. */
        public Builder logText(boolean value) {
            logText = value;
            return this;
        }

        /** A TLS listener next to the TCP one; null for none. */
        public Builder io(IoEngine value) {
            io = value;
            return this;
        }

        public Builder tls(TlsSettings value) {
            tls = value;
            return this;
        }

        public Builder rooms(RoomSettings value) {
            rooms = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(bindAddress, port, idleTimeout, maxLineBytes, sendQueueBytes, shutdownGrace,
                    maxClients, maxPerIp, exempt, loginTimeout, floodRate, floodBurst, maxBufferedBytes,
                    leaveNoticesPerSecond, logText, tls, io, rooms);
        }
    }
}
