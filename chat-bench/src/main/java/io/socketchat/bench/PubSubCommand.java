package io.socketchat.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code pubsub}: what Redis itself carries on this machine for a cluster's traffic. One
 * connection publishes M messages to one channel, pipelined in batches and each batch's
 * replies read before the next (as a node's publisher does); S connections subscribed to the
 * channel (a node each: every node hears every node's broadcasts, its own included) count what
 * arrives, in order. Plain RESP over a socket, no client library: the figure is Redis's, not a
 * library's.
 */
@Command(name = "pubsub", mixinStandardHelpOptions = true,
        description = "The pub/sub ceiling of a Redis server: one pipelined publisher, S subscribers of one channel. "
                + "Reports publishes/s, deliveries/s and lost or reordered messages.")
final class PubSubCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Redis host (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "6379", description = "Redis port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-m", "--messages"}, defaultValue = "200000", description = "Messages (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--size", defaultValue = "128",
            description = "Bytes per message (default ${DEFAULT-VALUE}: a 100-byte chat line in a node's envelope).")
    int size;

    @Option(names = "--batch", defaultValue = "4096",
            description = "Publishes per pipelined batch (default ${DEFAULT-VALUE}, a node's largest).")
    int batch;

    @Option(names = {"-S", "--subscribers"}, defaultValue = "2",
            description = "Subscribers (default ${DEFAULT-VALUE}: the two nodes of a two-node cluster).")
    int subscribers;

    @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "Longest wait for the deliveries (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print one JSON line instead of a table.")
    boolean json;

    private static final String CHANNEL = "chat-bench:pubsub";

    @Override
    public Integer call() throws Exception {
        Report report = run();
        report.print(System.out, json);
        return Boolean.TRUE.equals(report.get("clean")) ? 0 : 1;
    }

    Report run() throws IOException, InterruptedException {
        if (size < 10 || batch < 1 || subscribers < 1 || messages < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--size must be at least 10 (the sequence number), --batch, --subscribers and --messages at least 1");
        }
        Report report = new Report("pubsub").put("messages", messages).put("size", size).put("batch", batch)
                .put("subscribers", subscribers);
        CountDownLatch subscribed = new CountDownLatch(subscribers);
        CountDownLatch done = new CountDownLatch(subscribers);
        List<Subscriber> subs = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            Subscriber sub = new Subscriber(connect(), subscribed, done);
            subs.add(sub);
            threads.add(Thread.ofPlatform().name("pubsub-sub-" + i).daemon().start(sub));
        }
        if (!subscribed.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            subs.forEach(Subscriber::close);
            return report.put("firstFailure", "not subscribed").put("clean", false);
        }
        long publishEnd;
        long start;
        try (Socket publisher = connect()) {
            OutputStream out = publisher.getOutputStream();
            InputStream in = new BufferedInputStream(publisher.getInputStream(), 64 * 1024);
            byte[] head = Wire.ascii("*3\r\n$7\r\nPUBLISH\r\n$" + CHANNEL.length() + "\r\n" + CHANNEL + "\r\n$" + size + "\r\n");
            byte[] record = new byte[head.length + size + 2];
            System.arraycopy(head, 0, record, 0, head.length);
            Arrays.fill(record, head.length, head.length + size, (byte) 'x');
            record[record.length - 2] = '\r';
            record[record.length - 1] = '\n';
            ByteArrayOutputStream pipeline = new ByteArrayOutputStream(batch * record.length);
            start = System.nanoTime();
            for (int sent = 0; sent < messages; ) {
                int n = Math.min(batch, messages - sent);
                pipeline.reset();
                for (int i = 0; i < n; i++) {
                    putSeq(record, head.length, sent + i);
                    pipeline.write(record);
                }
                pipeline.writeTo(out);
                out.flush();
                for (int i = 0; i < n; i++) {
                    Resp.skip(in); // ":<receivers>": the batch is taken before the next is sent
                }
                sent += n;
            }
            publishEnd = System.nanoTime();
        }
        boolean complete = done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        subs.forEach(Subscriber::close);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        long received = 0;
        long violations = 0;
        long last = start;
        for (Subscriber sub : subs) {
            received += sub.received;
            violations += sub.orderViolations;
            last = Math.max(last, sub.lastNanos);
        }
        double publishSeconds = (publishEnd - start) / 1e9;
        double seconds = (last - start) / 1e9;
        long expected = (long) messages * subscribers;
        report.put("publishSeconds", publishSeconds)
                .put("publishesPerSec", Math.round(messages / publishSeconds))
                .put("expected", expected).put("received", received).put("lost", expected - received)
                .put("orderViolations", violations)
                .put("seconds", seconds)
                // Each message reached every subscriber by then: the rate a node's messages cross at.
                .put("messagesPerSec", seconds > 0 ? Math.round(messages / seconds) : 0)
                .put("deliveriesPerSec", seconds > 0 ? Math.round(received / seconds) : 0)
                .put("complete", complete)
                .put("clean", complete && received == expected && violations == 0);
        return report;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        return socket;
    }

    /** The sequence number in the first ten bytes of the payload, zero-padded. */
    private static void putSeq(byte[] record, int at, long seq) {
        for (int i = 9; i >= 0; i--) {
            record[at + i] = (byte) ('0' + seq % 10);
            seq /= 10;
        }
    }

    /** One subscribed connection, read by its own thread. */
    private final class Subscriber implements Runnable {
        private final Socket socket;
        private final CountDownLatch subscribed;
        private final CountDownLatch done;
        volatile long received;
        volatile long orderViolations;
        volatile long lastNanos;

        Subscriber(Socket socket, CountDownLatch subscribed, CountDownLatch done) {
            this.socket = socket;
            this.subscribed = subscribed;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream(), 256 * 1024);
                out.write(Wire.ascii("*2\r\n$9\r\nSUBSCRIBE\r\n$" + CHANNEL.length() + "\r\n" + CHANNEL + "\r\n"));
                out.flush();
                Resp.skip(in); // [subscribe, channel, 1]
                subscribed.countDown();
                byte[] payload = new byte[16];
                long expectedSeq = 0;
                long count = 0;
                long violations = 0;
                while (count < messages) {
                    // [message, channel, payload]
                    Resp.expect(in, '*');
                    Resp.line(in);
                    Resp.skip(in);
                    Resp.skip(in);
                    int length = Resp.bulk(in, payload);
                    long seq = 0;
                    for (int i = 0; i < Math.min(10, length); i++) {
                        seq = seq * 10 + (payload[i] - '0');
                    }
                    if (seq != expectedSeq) {
                        violations++;
                    }
                    expectedSeq = seq + 1;
                    count++;
                    if ((count & 255) == 0) {
                        received = count;
                    }
                    lastNanos = System.nanoTime();
                }
                received = count;
                orderViolations = violations;
                done.countDown();
            } catch (IOException e) {
                // closed at the end, or Redis went away: what arrived is counted
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // ending anyway
            }
        }
    }

    /** Just enough RESP to read replies and pushed messages. */
    static final class Resp {
        private Resp() {
        }

        /** Reads a line without its CR LF, as ASCII. */
        static String line(InputStream in) throws IOException {
            StringBuilder text = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new EOFException();
                }
                text.append((char) c);
            }
            in.read(); // LF
            return text.toString();
        }

        static void expect(InputStream in, char type) throws IOException {
            int c = in.read();
            if (c != type) {
                throw new IOException("expected '" + type + "', got " + (c < 0 ? "EOF" : "'" + (char) c + "'"));
            }
        }

        /** Reads a bulk string into {@code into} (as much as fits); returns its length. */
        static int bulk(InputStream in, byte[] into) throws IOException {
            expect(in, '$');
            int length = Integer.parseInt(line(in));
            int kept = Math.min(length, into.length);
            readFully(in, into, kept);
            in.skipNBytes(length - kept + 2L);
            return length;
        }

        /** Reads and drops one value of any type; an error reply is thrown. */
        static void skip(InputStream in) throws IOException {
            int type = in.read();
            String line = line(in);
            switch (type) {
                case '+', ':' -> { }
                case '-' -> throw new IOException("Redis answered -" + line);
                case '$' -> {
                    int length = Integer.parseInt(line);
                    if (length >= 0) {
                        in.skipNBytes(length + 2L);
                    }
                }
                case '*' -> {
                    int count = Integer.parseInt(line);
                    for (int i = 0; i < count; i++) {
                        skip(in);
                    }
                }
                default -> throw new IOException("not RESP: " + (char) type + line);
            }
        }

        private static void readFully(InputStream in, byte[] into, int length) throws IOException {
            int at = 0;
            while (at < length) {
                int n = in.read(into, at, length - at);
                if (n < 0) {
                    throw new EOFException();
                }
                at += n;
            }
        }
    }
}
