package io.socketchat.bench;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many clients read by a few selector threads. Each client connects on a virtual thread (a
 * bounded number at a time, so the server's accept backlog does not overflow into SYN
 * retries), sends {@code LOGIN}, and is handed to a selector; the first line must be
 * {@code OK}, and every later line goes to the client's scenario handler on the selector thread.
 *
 * <p>Why selectors and not a virtual thread per client: one epoll wait hands over many ready
 * sockets, and each then costs one read, where a parked virtual thread costs a re-arm, a
 * wake-up and a reschedule per read. The bench shares the machine with the server it
 * measures: every cycle it saves is one the server gets.
 */
final class Fleet {

    private static final byte[] OK = Wire.ascii("OK");

    private final InetSocketAddress server;
    /** Null for plain TCP. */
    private final SSLContext tls;
    private final SourceAddresses sources;
    private final Semaphore inFlight;
    private final int bufferBytes;
    private final Loop[] loops;
    private final List<Thread> connectors = new ArrayList<>();
    private final List<BenchClient> clients = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unexpectedEnds = new AtomicInteger();
    private volatile CountDownLatch loggedIn = new CountDownLatch(0);
    private volatile boolean closing;
    private volatile long greetingTimeoutNanos = TimeUnit.SECONDS.toNanos(10);
    private volatile boolean webSocket;
    private volatile boolean irc;
    private volatile boolean ircIdle;

    Fleet(InetSocketAddress server, SourceAddresses sources, int parallelLogins, int bufferBytes, int ioThreads) {
        this(server, null, sources, parallelLogins, bufferBytes, ioThreads);
    }

    /** As above; with {@code tls} every client connects over TLS (the handshake runs on its connecting thread). */
    Fleet(InetSocketAddress server, SSLContext tls, SourceAddresses sources, int parallelLogins, int bufferBytes,
          int ioThreads) {
        this.server = server;
        this.tls = tls;
        this.sources = sources;
        this.inFlight = new Semaphore(parallelLogins);
        this.bufferBytes = bufferBytes;
        this.loops = new Loop[Math.max(1, ioThreads)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new Loop(i);
        }
    }

    /** Every client connects over WebSocket ({@code /ws} of the server's HTTP port), before the clients are added. */
    void overWebSocket(boolean on) {
        webSocket = on;
    }

    /** With {@code true}, clients speak IRC ({@link IrcDialect}); call before adding clients. */
    void dialect(boolean irc) {
        this.irc = irc;
    }

    /** With {@code true} (and IRC), clients join no channel: registered and idle. */
    void ircIdle(boolean idle) {
        this.ircIdle = idle;
    }

    /** Must be called before the clients to wait for are added. */
    void expectLogins(int count) {
        loggedIn = new CountDownLatch(count);
    }

    /** Starts a client; {@code handler} sees every line after the login's {@code OK}. */
    BenchClient add(String name, LineReader.Handler handler) {
        return add(name, handler, server);
    }

    /** As {@link #add(String, LineReader.Handler)}, connecting to {@code at} (another node of a cluster). */
    BenchClient add(String name, LineReader.Handler handler, InetSocketAddress at) {
        BenchClient client = new BenchClient(name);
        client.handler = handler;
        Loop loop = loops[clients.size() % loops.length];
        clients.add(client);
        connectors.add(Thread.ofVirtual().start(() -> connect(client, loop, at)));
        return client;
    }

    /**
     * Starts a client that never logs in: it sends {@code greeting} (as much as the server takes
     * within the {@linkplain #greetingTimeout greeting timeout}) and hands every line it reads to
     * {@code handler}. It counts as logged in once the greeting is written.
     */
    BenchClient addRaw(String name, byte[] greeting, LineReader.Handler handler, Tail tail) {
        BenchClient client = new BenchClient(name);
        client.handler = handler;
        client.greeting = greeting;
        client.tail = tail;
        Loop loop = loops[clients.size() % loops.length];
        clients.add(client);
        connectors.add(Thread.ofVirtual().start(() -> connect(client, loop, server)));
        return client;
    }

    /** As {@link #add}, keeping the client's last line and end in {@code tail}. */
    BenchClient add(String name, LineReader.Handler handler, Tail tail) {
        BenchClient client = add(name, handler);
        client.tail = tail;
        return client;
    }

    /** How long a raw client's greeting write may take; what the server took by then is in {@link BenchClient#greetingWritten}. */
    void greetingTimeout(long nanos) {
        greetingTimeoutNanos = nanos;
    }

    List<BenchClient> clients() {
        return clients;
    }

    /** Waits until every client added since {@link #expectLogins} logged in or failed. */
    boolean awaitLogins(long timeoutNanos) throws InterruptedException {
        return loggedIn.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    int unexpectedEnds() {
        return unexpectedEnds.get();
    }

    private void connect(BenchClient client, Loop loop, InetSocketAddress at) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(client, "interrupted");
            return;
        }
        try {
            client.connect(at, sources.next(), tls, webSocket);
            client.buffer = new byte[bufferBytes];
            client.view = ByteBuffer.wrap(client.buffer);
            if (client.greeting != null) {
                client.greetingWritten = client.write(client.greeting, 0, client.greeting.length,
                        System.nanoTime() + greetingTimeoutNanos);
                client.loggedIn = true;
                inFlight.release();
                loggedIn.countDown();
                loop.register(client);
                return;
            }
            if (irc) {
                client.irc = new IrcDialect.Scratch();
                byte[] register = IrcDialect.register(client.name());
                client.writeRaw(register, 0, register.length);
            } else {
                byte[] login = Wire.ascii("LOGIN " + client.name() + "\n");
                client.write(login, 0, login.length);
            }
            loop.register(client);
        } catch (IOException e) {
            client.close();
            failed(client, e.toString());
        }
    }

    private void failed(BenchClient client, String why) {
        failures.add(client.name() + ": " + why);
        inFlight.release();
        loggedIn.countDown();
    }

    /** Closes every connection and stops the selector threads (the handlers' figures are then final). */
    void closeAll() throws InterruptedException {
        closing = true;
        for (Thread connector : connectors) {
            connector.join(TimeUnit.SECONDS.toMillis(10));
        }
        for (Loop loop : loops) {
            loop.stop();
        }
        for (BenchClient client : clients) {
            client.close();
        }
    }

    /**
     * Resets every connection at once (SO_LINGER 0, so each close sends a TCP reset), after
     * stopping the selector threads so no close is deferred to a selector's next round.
     *
     * @return how long the closes took, in nanoseconds
     */
    long resetAll() throws InterruptedException {
        closing = true;
        for (Thread connector : connectors) {
            connector.join(TimeUnit.SECONDS.toMillis(10));
        }
        for (Loop loop : loops) {
            loop.stop();
        }
        long start = System.nanoTime();
        int half = clients.size() / 2;
        Thread other = Thread.ofPlatform().start(() -> {
            for (int i = half; i < clients.size(); i++) {
                clients.get(i).reset();
            }
        });
        for (int i = 0; i < half; i++) {
            clients.get(i).reset();
        }
        other.join(TimeUnit.SECONDS.toMillis(30));
        return System.nanoTime() - start;
    }

    /** The server ended a logged-in client: counted, and booked in its tail. */
    private void ended(BenchClient client, String how) {
        unexpectedEnds.incrementAndGet();
        if (client.tail != null) {
            client.tail.ended(how);
        }
    }

    /** One selector thread and the clients it reads. */
    private final class Loop implements Runnable {
        private final Selector selector;
        private final Thread thread;
        private final ConcurrentLinkedQueue<BenchClient> joining = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean wakeupPending = new AtomicBoolean();
        /** IRC lines translated back into protocol lines, on this loop's thread. */
        private final byte[] translated = new byte[64 * 1024];
        private volatile boolean stopped;

        Loop(int index) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            thread = Thread.ofPlatform().daemon().name("bench-io-" + index).start(this);
        }

        void register(BenchClient client) {
            joining.add(client);
            if (wakeupPending.compareAndSet(false, true)) {
                selector.wakeup();
            }
        }

        void stop() throws InterruptedException {
            stopped = true;
            selector.wakeup();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }

        @Override
        public void run() {
            try {
                while (!stopped) {
                    selector.select(this::ready, 100);
                    wakeupPending.set(false);
                    BenchClient client;
                    while ((client = joining.poll()) != null) {
                        try {
                            client.channel().register(selector, SelectionKey.OP_READ, client);
                        } catch (IOException e) {
                            client.close();
                            failed(client, e.toString());
                        }
                    }
                }
            } catch (IOException | ClosedSelectorException e) {
                if (!stopped) {
                    failures.add("selector failed: " + e);
                }
            } finally {
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // ending anyway
                }
            }
        }

        private void ready(SelectionKey key) {
            BenchClient client = (BenchClient) key.attachment();
            try {
                if (!readLines(client)) {
                    key.cancel();
                    client.close();
                }
            } catch (IOException e) {
                key.cancel();
                client.close();
                if (!client.loggedIn) {
                    failed(client, e.toString());
                } else if (!closing) {
                    ended(client, Tail.endOf(e));
                }
            }
        }

        /** Reads what is there and hands over complete lines; false when the client is done. */
        private boolean readLines(BenchClient client) throws IOException {
            ByteBuffer view = client.view;
            byte[] buffer = client.buffer;
            while (true) {
                int held = view.position();
                int read = client.read(view);
                if (read < 0) {
                    if (!client.loggedIn) {
                        failed(client, "closed before OK");
                    } else if (!closing) {
                        ended(client, "eof");
                    }
                    return false;
                }
                int end = held + read;
                int start = LineReader.lines(buffer, held, end, (bytes, offset, length) -> line(client, bytes, offset, length));
                if (start == LineReader.STOPPED) {
                    return false;
                }
                int left = end - start;
                if (left == buffer.length) {
                    throw new IOException("line longer than the bench's buffer (" + buffer.length + " bytes)");
                }
                if (left > 0 && start > 0) {
                    System.arraycopy(buffer, start, buffer, 0, left);
                }
                view.clear().position(left);
                if (end < buffer.length) {
                    return true; // the socket had no more for now
                }
            }
        }

        private boolean line(BenchClient client, byte[] bytes, int offset, int length) throws IOException {
            if (client.tail != null) {
                client.tail.line(bytes, offset, length);
            }
            if (client.irc != null) {
                int translatedLength = IrcDialect.fromIrc(bytes, offset, length, translated);
                switch (translatedLength) {
                    case IrcDialect.DROP -> {
                        return true;
                    }
                    case IrcDialect.REGISTERED -> {
                        if (!client.loggedIn) {
                            byte[] next = ircIdle ? IrcDialect.READY : IrcDialect.JOIN;
                            client.writeRaw(next, 0, next.length);
                        }
                        return true;
                    }
                    case IrcDialect.JOINED -> {
                        if (!client.loggedIn) {
                            client.loggedIn = true;
                            inFlight.release();
                            loggedIn.countDown();
                        }
                        return true;
                    }
                    default -> {
                        if (!client.loggedIn) {
                            failed(client, "registration answered " + new String(translated, 0, translatedLength,
                                    java.nio.charset.StandardCharsets.UTF_8));
                            return false;
                        }
                        return client.handler.line(translated, 0, translatedLength);
                    }
                }
            }
            if (client.loggedIn) {
                return client.handler.line(bytes, offset, length);
            }
            if (!Wire.equals(bytes, offset, length, OK)) {
                failed(client, "LOGIN answered " + new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8));
                return false;
            }
            client.loggedIn = true;
            inFlight.release();
            loggedIn.countDown();
            return true;
        }
    }
}
