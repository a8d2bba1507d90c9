import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * SocketChat soak client: many clients chatting at a steady rate for a long time, some staying
 * throughout ("stayers"), the rest connecting and disconnecting at random ("churners", half of
 * them leaving with a TCP reset). At the end every stayer fences with PING twice, then the
 * messages stayers sent to stayers are compared with those stayers received: they must be equal.
 *
 * <p>A single-file program with no dependencies: {@code java Soak.java --port 4000 ...}.
 * Run it through bench/soak.sh, which also starts the server and samples its heap and fds.
 */
public final class Soak {

    // ---- settings ----
    static String host = "127.0.0.1";
    static int port = 4000;
    static int clients = 2000;
    static int churnSlots = 500;
    static long durationSeconds = 600;
    static long intervalMillis = 10_000;
    static int broadcastPercent = 5;

    // ---- results ----
    static final LongAdder stayerDmSent = new LongAdder();
    static final LongAdder stayerMsgSent = new LongAdder();
    static final LongAdder stayerDmReceived = new LongAdder();
    static final LongAdder stayerMsgReceived = new LongAdder();
    static final LongAdder churnMessagesSent = new LongAdder();
    static final LongAdder churnMessagesReceived = new LongAdder();
    static final LongAdder churnSessions = new LongAdder();
    static final LongAdder churnResets = new LongAdder();
    static final LongAdder errors = new LongAdder();
    static final LongAdder unexpectedCloses = new LongAdder();
    static final Map<String, Boolean> firstErrors = new ConcurrentHashMap<>();
    static final Histogram latencyMicros = new Histogram();

    static volatile boolean sending = true;

    public static void main(String[] args) throws Exception {
        parse(args);
        int stayerCount = clients - churnSlots;
        System.out.printf("soak: %d clients (%d stay, %d churn slots), %d s, one message per %d ms per client, %d%% broadcasts%n",
                clients, stayerCount, churnSlots, durationSeconds, intervalMillis, broadcastPercent);

        List<Client> stayers = new ArrayList<>();
        long rampStart = System.nanoTime();
        for (int i = 0; i < stayerCount; i++) {
            Client client = new Client("s" + i, true);
            client.connectAndLogin();
            stayers.add(client);
        }
        System.out.printf("soak: %d stayers logged in after %d ms%n", stayerCount,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rampStart));

        long endAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
        List<Thread> workers = new ArrayList<>();
        for (Client stayer : stayers) {
            workers.add(Thread.ofVirtual().start(() -> stayer.chatUntil(endAt, stayerCount)));
        }
        for (int slot = 0; slot < churnSlots; slot++) {
            int s = slot;
            workers.add(Thread.ofVirtual().start(() -> churn(s, endAt, stayerCount)));
        }
        Thread progress = Thread.ofVirtual().start(() -> reportProgress(endAt));
        for (Thread worker : workers) {
            worker.join();
        }
        sending = false;
        progress.interrupt();

        // Fence 1: each stayer's own lines have been handled. Fence 2: everything sent to it has arrived.
        for (int round = 1; round <= 2; round++) {
            for (Client stayer : stayers) {
                stayer.send("PING");
            }
            for (Client stayer : stayers) {
                stayer.awaitPongs(round);
            }
        }

        long sentDm = stayerDmSent.sum();
        long sentMsg = stayerMsgSent.sum();
        long expected = sentDm + sentMsg * (stayerCount - 1L);
        long received = stayerDmReceived.sum() + stayerMsgReceived.sum();
        System.out.println("---- soak result ----");
        System.out.printf("stayers: sent %d messages (%d DM, %d MSG) -> %d deliveries expected among stayers%n",
                sentDm + sentMsg, sentDm, sentMsg, expected);
        System.out.printf("stayers: received %d deliveries (%d DM, %d MSG); missing %d; %s%n",
                received, stayerDmReceived.sum(), stayerMsgReceived.sum(), expected - received,
                expected == received ? "EQUAL" : "NOT EQUAL");
        System.out.printf("churners: %d sessions (%d ended with a reset), %d messages sent, %d deliveries to stayers%n",
                churnSessions.sum(), churnResets.sum(), churnMessagesSent.sum(), churnMessagesReceived.sum());
        System.out.printf("latency (send -> receive, every delivery): p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms, n=%d%n",
                latencyMicros.percentile(50) / 1000.0, latencyMicros.percentile(99) / 1000.0,
                latencyMicros.percentile(99.9) / 1000.0, latencyMicros.max() / 1000.0, latencyMicros.count());
        System.out.printf("errors: %d (ERR lines, failed logins or sends, missing PONGs), %d stayers closed by the server%s%n",
                errors.sum(), unexpectedCloses.sum(),
                firstErrors.isEmpty() ? "" : "; some: " + firstErrors.keySet().stream().limit(10).toList());
        for (Client stayer : stayers) {
            stayer.close(false);
        }
        System.exit(expected == received && errors.sum() == 0 && unexpectedCloses.sum() == 0 ? 0 : 1);
    }

    static void churn(int slot, long endAt, int stayerCount) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // Spread the first logins over one interval so churners do not arrive in one burst.
        pause(random.nextLong(intervalMillis));
        for (int generation = 0; System.nanoTime() < endAt; generation++) {
            Client client = new Client("c" + slot + "_" + generation, false);
            try {
                client.connectAndLogin();
            } catch (RuntimeException e) {
                errors.increment();
                firstErrors.putIfAbsent("churn login: " + e.getMessage(), true);
                pause(1000);
                continue;
            }
            churnSessions.increment();
            long lifeEnd = Math.min(endAt, System.nanoTime() + TimeUnit.SECONDS.toNanos(5 + random.nextInt(56)));
            client.chatUntil(lifeEnd, stayerCount);
            boolean reset = random.nextBoolean();
            if (reset) {
                churnResets.increment();
            }
            client.close(reset);
            pause(500 + random.nextLong(4500));
        }
    }

    static void reportProgress(long endAt) {
        while (sending) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                return;
            }
            long left = TimeUnit.NANOSECONDS.toSeconds(endAt - System.nanoTime());
            System.out.printf("soak: %d s left; stayers sent %d, received %d; churn sessions %d; p99 so far %.1f ms%n",
                    Math.max(0, left), stayerDmSent.sum() + stayerMsgSent.sum(),
                    stayerDmReceived.sum() + stayerMsgReceived.sum(), churnSessions.sum(),
                    latencyMicros.percentile(99) / 1000.0);
        }
    }

    /** One connection: a reader virtual thread counts what arrives; the owner sends. */
    static final class Client {
        final String name;
        final boolean stayer;
        Socket socket;
        OutputStream out;
        final CountDownLatch loggedIn = new CountDownLatch(1);
        final LongAdder pongs = new LongAdder();
        volatile boolean closing;
        long sequence;

        Client(String name, boolean stayer) {
            this.name = name;
            this.stayer = stayer;
        }

        void connectAndLogin() {
            try {
                socket = new Socket();
                socket.connect(new InetSocketAddress(host, port), 30_000);
                socket.setTcpNoDelay(true);
                out = socket.getOutputStream();
                Thread.ofVirtual().start(this::read);
                send("LOGIN " + name);
                if (!loggedIn.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(name + " got no OK");
                }
            } catch (IOException e) {
                throw new IllegalStateException(name + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void chatUntil(long endAt, int stayerCount) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            pause(random.nextLong(intervalMillis)); // desynchronize clients
            while (System.nanoTime() < endAt && !closing) {
                long now = System.nanoTime();
                boolean broadcast = random.nextInt(100) < broadcastPercent;
                if (broadcast) {
                    send("MSG " + sequence++ + " " + now);
                    (stayer ? stayerMsgSent : churnMessagesSent).increment();
                } else {
                    int target;
                    do {
                        target = random.nextInt(stayerCount);
                    } while (stayer && ("s" + target).equals(name));
                    send("DM s" + target + " " + sequence++ + " " + now);
                    (stayer ? stayerDmSent : churnMessagesSent).increment();
                }
                // Jitter of +-20% keeps the aggregate rate steady without lockstep.
                pause(intervalMillis * 8 / 10 + random.nextLong(intervalMillis * 4 / 10 + 1));
            }
        }

        synchronized void send(String line) {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (!closing) {
                    errors.increment();
                    firstErrors.putIfAbsent(name + " send: " + e.getMessage(), true);
                }
            }
        }

        void awaitPongs(int count) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (pongs.sum() < count && System.nanoTime() < deadline && !socket.isClosed()) {
                pause(5);
            }
            if (pongs.sum() < count) {
                errors.increment();
                firstErrors.putIfAbsent(name + " no PONG " + count, true);
            }
        }

        void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    handle(line);
                }
            } catch (IOException e) {
                // closed below
            }
            if (stayer && !closing) {
                unexpectedCloses.increment();
                firstErrors.putIfAbsent(name + " closed by the server", true);
            }
        }

        void handle(String line) {
            if (line.startsWith("MSG ") || line.startsWith("DM ")) {
                // MSG <sender> <seq> <nanos> / DM <sender> <seq> <nanos>
                String[] parts = line.split(" ");
                if (parts.length < 4) {
                    return;
                }
                long sentAt = Long.parseLong(parts[3]);
                latencyMicros.record(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sentAt));
                if (!stayer) {
                    return;
                }
                if (parts[1].startsWith("s")) {
                    (line.charAt(0) == 'M' ? stayerMsgReceived : stayerDmReceived).increment();
                } else {
                    churnMessagesReceived.increment();
                }
            } else if (line.equals("OK")) {
                loggedIn.countDown();
            } else if (line.equals("PONG")) {
                pongs.increment();
            } else if (line.startsWith("ERR ")) {
                errors.increment();
                firstErrors.putIfAbsent(name + ": " + line, true);
            }
        }

        void close(boolean reset) {
            closing = true;
            try {
                if (reset) {
                    socket.setSoLinger(true, 0);
                }
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Log-linear histogram: 32 sub-buckets per power of two (about 3 % precision), lock-free. */
    static final class Histogram {
        private final AtomicLongArray counts = new AtomicLongArray(64 * 32);
        private final LongAdder total = new LongAdder();
        private volatile long max;

        void record(long value) {
            long v = Math.max(0, value);
            counts.incrementAndGet(bucket(v));
            total.increment();
            if (v > max) {
                max = v; // racy but monotone enough for a report
            }
        }

        long count() {
            return total.sum();
        }

        long max() {
            return max;
        }

        long percentile(double p) {
            long n = total.sum();
            if (n == 0) {
                return 0;
            }
            long rank = (long) Math.ceil(p / 100.0 * n);
            long seen = 0;
            for (int b = 0; b < counts.length(); b++) {
                seen += counts.get(b);
                if (seen >= rank) {
                    return upperBound(b);
                }
            }
            return max;
        }

        static int bucket(long v) {
            if (v < 32) {
                return (int) v;
            }
            int exponent = 63 - Long.numberOfLeadingZeros(v);
            int mantissa = (int) (v >>> (exponent - 5)) & 31;
            return (exponent - 4) * 32 + mantissa;
        }

        static long upperBound(int b) {
            if (b < 32) {
                return b;
            }
            int exponent = b / 32 + 4;
            int mantissa = b % 32;
            return ((33L + mantissa) << (exponent - 5)) - 1;
        }
    }

    static void pause(long millis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    static void parse(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--clients" -> clients = Integer.parseInt(value);
                case "--churn" -> churnSlots = Integer.parseInt(value);
                case "--duration" -> durationSeconds = Long.parseLong(value);
                case "--interval" -> intervalMillis = Long.parseLong(value);
                case "--broadcast-percent" -> broadcastPercent = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --host --port --clients --churn --duration --interval --broadcast-percent)");
            }
        }
        if (churnSlots >= clients) {
            throw new IllegalArgumentException("--churn must be below --clients");
        }
    }
}
