package io.socketchat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many clients, each on its own virtual thread: connect (a bounded number at a time, so the
 * server's accept backlog does not overflow into SYN retries), {@code LOGIN}, wait for
 * {@code OK}, then hand every further line to the client's scenario handler.
 */
final class Fleet {

    private static final byte[] OK = Wire.ascii("OK");

    private final InetSocketAddress server;
    private final SourceAddresses sources;
    private final Semaphore inFlight;
    private final int bufferBytes;
    private final List<Thread> threads = new ArrayList<>();
    private final List<BenchClient> clients = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unexpectedEnds = new AtomicInteger();
    private CountDownLatch loggedIn = new CountDownLatch(0);
    private volatile boolean closing;

    Fleet(InetSocketAddress server, SourceAddresses sources, int parallelLogins, int bufferBytes) {
        this.server = server;
        this.sources = sources;
        this.inFlight = new Semaphore(parallelLogins);
        this.bufferBytes = bufferBytes;
    }

    /** Starts a client; {@code handler} sees every line after the login's {@code OK}. */
    BenchClient add(String name, LineReader.Handler handler) {
        BenchClient client = new BenchClient(name);
        clients.add(client);
        CountDownLatch latch = loggedIn;
        threads.add(Thread.ofVirtual().name("bench-" + client.name()).start(() -> session(client, handler, latch)));
        return client;
    }

    /** Must be called before the clients to wait for are added. */
    void expectLogins(int count) {
        loggedIn = new CountDownLatch(count);
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

    private void session(BenchClient client, LineReader.Handler handler, CountDownLatch latch) {
        boolean[] ok = {false};
        boolean permit = false;
        try {
            inFlight.acquire();
            permit = true;
            client.connect(server, sources.next(), 10_000);
            byte[] login = Wire.ascii("LOGIN " + client.name() + "\n");
            client.write(login, 0, login.length);
            byte[] buffer = new byte[bufferBytes];
            boolean stopped = LineReader.run(client.in(), buffer, (bytes, offset, length) -> {
                if (ok[0]) {
                    return handler.line(bytes, offset, length);
                }
                if (!Wire.equals(bytes, offset, length, OK)) {
                    failures.add(client.name() + ": LOGIN answered " + new String(bytes, offset, length,
                            java.nio.charset.StandardCharsets.UTF_8));
                    return false;
                }
                ok[0] = true;
                inFlight.release();
                latch.countDown();
                return true;
            });
            if (!stopped && ok[0] && !closing) {
                unexpectedEnds.incrementAndGet();
            }
        } catch (IOException e) {
            if (!ok[0]) {
                failures.add(client.name() + ": " + e);
            } else if (!closing) {
                unexpectedEnds.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!ok[0]) {
                if (permit) {
                    inFlight.release();
                }
                latch.countDown();
            }
        }
    }

    /** Closes every connection and waits for the reading threads to end (their figures are then final). */
    void closeAll() throws InterruptedException {
        closing = true;
        for (BenchClient client : clients) {
            client.close();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
