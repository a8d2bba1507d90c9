package io.socketchat.server.internal;

import io.socketchat.server.transport.Transport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundTest {

    /** A budget no test here reaches: these tests are about one queue. */
    private static final MemoryBudget UNLIMITED = new MemoryBudget(Long.MAX_VALUE);


    /**
     * A transport whose peer reads only when the test says so: while it is full a write takes
     * nothing; otherwise it takes up to {@code takeAtMost} bytes per call.
     */
    private static final class ControlledTransport implements Transport {
        volatile boolean full;
        volatile int takeAtMost = Integer.MAX_VALUE;
        final List<Integer> writes = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger writableRequests = new AtomicInteger();
        volatile boolean finished;

        @Override
        public synchronized int write(java.nio.ByteBuffer source) {
            if (full) {
                return 0;
            }
            int taken = Math.min(source.remaining(), takeAtMost);
            writes.add(taken);
            byte[] data = new byte[taken];
            source.get(data);
            bytes.write(data, 0, taken);
            return taken;
        }

        @Override
        public void requestWritable() {
            writableRequests.incrementAndGet();
        }

        @Override
        public void finishOutput() {
            finished = true;
        }

        @Override
        public void close() {
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:1";
        }

    }

    private static final class CountingOwner implements Outbound.Owner {
        final AtomicInteger overflows = new AtomicInteger();

        @Override
        public void outboundOverflow(long queuedBytes) {
            overflows.incrementAndGet();
        }

        @Override
        public void outboundFailed(IOException cause) {
        }
    }

    private static byte[] line(int length, int fill) {
        byte[] line = new byte[length];
        java.util.Arrays.fill(line, (byte) fill);
        return line;
    }

    @Test
    void aFullQueueRefusesLinesOfAPartyWithNoInputAndTellsItsOwnerOnlyOnce() {
        ControlledTransport transport = new ControlledTransport();
        transport.full = true;
        CountingOwner owner = new CountingOwner();
        Outbound outbound = new Outbound(transport, 100, owner, UNLIMITED);
        assertThat(outbound.offer(new byte[10], FlushBatch.IMMEDIATE)).isTrue();
        assertThat(transport.writableRequests).as("a full peer is waited for, not retried").hasValue(1);
        for (int i = 0; i < 9; i++) {
            assertThat(outbound.offer(new byte[10], FlushBatch.IMMEDIATE)).as("line %d fits", i).isTrue();
        }
        assertThat(outbound.queuedBytes()).isEqualTo(100);
        assertThat(outbound.offer(new byte[10], FlushBatch.IMMEDIATE)).isFalse();
        assertThat(outbound.offer(new byte[10], FlushBatch.IMMEDIATE)).isFalse();
        assertThat(outbound.offer(new byte[1], FlushBatch.IMMEDIATE)).as("nothing more after an overflow").isFalse();
        // One client cut off is one overflow, however many senders hit the full queue.
        assertThat(owner.overflows).hasValue(1);
    }

    @Test
    void aQueueOverItsLimitHoldsAnIoLoopsInputBackAndPastTwiceItRefusesLinesAndTellsItsOwnerOnlyOnce() {
        ControlledTransport transport = new ControlledTransport();
        transport.full = true;
        CountingOwner owner = new CountingOwner();
        Outbound outbound = new Outbound(transport, 100, owner, UNLIMITED);
        FlushBatch sender = FlushBatch.forInput(false);
        assertThat(outbound.offer(new byte[10], sender)).isTrue();
        sender.flush();
        assertThat(transport.writableRequests).as("a full peer is waited for, not retried").hasValue(1);
        for (int i = 0; i < 9; i++) {
            assertThat(outbound.offer(new byte[10], sender)).as("line %d fits", i).isTrue();
        }
        assertThat(outbound.queuedBytes()).isEqualTo(100);
        assertThat(sender.isHeldBack()).as("within the limit nobody is held back").isFalse();
        assertThat(outbound.offer(new byte[10], sender)).as("over the limit, still queued").isTrue();
        assertThat(sender.takeHeldBack()).as("the sender must wait for this queue").containsExactly(outbound);
        for (int i = 0; i < 9; i++) {
            assertThat(outbound.offer(new byte[10], sender)).as("up to twice the limit").isTrue();
        }
        assertThat(outbound.queuedBytes()).isEqualTo(200);
        assertThat(owner.overflows).hasValue(0);
        assertThat(outbound.offer(new byte[10], sender)).isFalse();
        assertThat(outbound.offer(new byte[10], FlushBatch.IMMEDIATE)).isFalse();
        assertThat(outbound.offer(new byte[1], sender)).as("nothing more after an overflow").isFalse();
        // One client cut off is one overflow, however many senders hit the full queue.
        assertThat(owner.overflows).hasValue(1);
    }

    @Test
    void linesQueuedWhileThePeerIsFullGoOutInOrderInOneWriteOnceItDrains() {
        ControlledTransport transport = new ControlledTransport();
        transport.full = true;
        Outbound outbound = new Outbound(transport, 10_000, new CountingOwner(), UNLIMITED);
        outbound.offer(line(5, 'a'), FlushBatch.IMMEDIATE);
        for (int i = 0; i < 10; i++) {
            outbound.offer(line(7, 'b'), FlushBatch.IMMEDIATE);
        }
        assertThat(transport.writes).isEmpty();
        transport.full = false;
        outbound.writable(FlushBatch.IMMEDIATE); // what the I/O loop does when the socket drained
        // The first line went alone; the ten queued behind it went in one write.
        assertThat(transport.writes).containsExactly(5, 70);
        assertThat(transport.bytes.toString()).isEqualTo("aaaaa" + "b".repeat(70));
        assertThat(outbound.isDrained()).isTrue();
        assertThat(outbound.queuedBytes()).isZero();
    }

    @Test
    void aPartialWriteWaitsForThePeerThenResumesWhereItStopped() {
        ControlledTransport transport = new ControlledTransport();
        transport.takeAtMost = 4;
        Outbound outbound = new Outbound(transport, 10_000, new CountingOwner(), UNLIMITED);
        byte[] line = "0123456789\n".getBytes();
        outbound.offer(line, FlushBatch.IMMEDIATE);
        outbound.offer(line, FlushBatch.IMMEDIATE);
        // A short write means the socket buffer is full: the writer waits to be called back.
        assertThat(transport.writes).containsExactly(4);
        assertThat(transport.writableRequests).hasValue(1);
        assertThat(outbound.queuedBytes()).isEqualTo(18);
        for (int callbacks = 0; callbacks < 10 && !outbound.isDrained(); callbacks++) {
            outbound.writable(FlushBatch.IMMEDIATE);
        }
        assertThat(transport.bytes.toString()).isEqualTo("0123456789\n0123456789\n");
        assertThat(outbound.queuedBytes()).isZero();
        assertThat(outbound.isDrained()).isTrue();
    }

    @Test
    void moreThanOneStagingBufferOfLinesGoesOutWholeAndInOrderInBufferSizedWrites() {
        ControlledTransport transport = new ControlledTransport();
        transport.full = true;
        Outbound outbound = new Outbound(transport, 1 << 30, new CountingOwner(), UNLIMITED);
        StringBuilder expected = new StringBuilder();
        int lines = 3 * StagingBuffers.BYTES / 100;
        for (int i = 0; i < lines; i++) {
            String line = String.format("%05d", i) + "-".repeat(94) + "\n";
            expected.append(line);
            outbound.offer(line.getBytes(), FlushBatch.IMMEDIATE);
        }
        // A line longer than a whole staging buffer is cut across writes, then the rest follows.
        byte[] huge = line(2 * StagingBuffers.BYTES + 17, 'h');
        outbound.offer(huge, FlushBatch.IMMEDIATE);
        outbound.offer("end\n".getBytes(), FlushBatch.IMMEDIATE);
        expected.append(new String(huge)).append("end\n");
        transport.full = false;
        outbound.writable(FlushBatch.IMMEDIATE);
        assertThat(transport.bytes.toString()).isEqualTo(expected.toString());
        assertThat(transport.writes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(StagingBuffers.BYTES));
        assertThat(transport.writes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(expected.length());
        assertThat(outbound.isDrained()).isTrue();
    }

    @Test
    void oneEncodedLineSharedByManyQueuesReachesEachWhole() {
        // A broadcast hands the same array to every recipient; short writes on one must not
        // disturb what another writes from it.
        byte[] shared = "MSG alice 0123456789\n".getBytes();
        List<ControlledTransport> transports = new ArrayList<>();
        List<Outbound> queues = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ControlledTransport transport = new ControlledTransport();
            transport.takeAtMost = 3 + i * 5;
            transports.add(transport);
            queues.add(new Outbound(transport, 10_000, new CountingOwner(), UNLIMITED));
        }
        for (int round = 0; round < 3; round++) {
            queues.forEach(queue -> queue.offer(shared, FlushBatch.IMMEDIATE));
        }
        for (int callbacks = 0; callbacks < 100; callbacks++) {
            queues.stream().filter(queue -> !queue.isDrained()).forEach(queue -> queue.writable(FlushBatch.IMMEDIATE));
        }
        for (ControlledTransport transport : transports) {
            assertThat(transport.bytes.toString()).isEqualTo(new String(shared).repeat(3));
        }
        assertThat(new String(shared)).isEqualTo("MSG alice 0123456789\n");
    }

    @Test
    void aReaderThreadsLinesGoOutTogetherWhenItsChunkIsDone() {
        ControlledTransport transport = new ControlledTransport();
        Outbound outbound = new Outbound(transport, 10_000, new CountingOwner(), UNLIMITED);
        FlushBatch batch = FlushBatch.forInput(true);
        try {
            outbound.offer(line(3, 'x'), batch);
            outbound.offer(line(3, 'y'), batch);
            outbound.offer(line(3, 'z'), batch);
            assertThat(transport.writes).as("nothing is written while the chunk is handled").isEmpty();
        } finally {
            batch.end();
        }
        assertThat(transport.writes).containsExactly(9);
        assertThat(transport.bytes.toString()).isEqualTo("xxxyyyzzz");
    }

    @Test
    void aWriteErrorThatQueuesAndFlushesMoreWhileTheChunkIsWrittenLosesNothing() {
        // A failed write ends its session, and leaving tells everyone (more lines, maybe a
        // flush for room) while the batch is still being written.
        ControlledTransport first = new ControlledTransport();
        ControlledTransport last = new ControlledTransport();
        ControlledTransport told = new ControlledTransport();
        Outbound firstOut = new Outbound(first, 10_000, new CountingOwner(), UNLIMITED);
        Outbound lastOut = new Outbound(last, 10_000, new CountingOwner(), UNLIMITED);
        Outbound toldOut = new Outbound(told, 10_000, new CountingOwner(), UNLIMITED);
        Outbound brokenOut = new Outbound(new Transport() {
            @Override
            public int write(java.nio.ByteBuffer source) throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public void requestWritable() {
            }

            @Override
            public void finishOutput() {
            }

            @Override
            public void close() {
            }

            @Override
            public String remoteAddress() {
                return "127.0.0.1:2";
            }

        }, 10_000, new Outbound.Owner() {
            @Override
            public void outboundOverflow(long queuedBytes) {
            }

            @Override
            public void outboundFailed(IOException cause) {
                toldOut.offer(line(4, 'i'), FlushBatch.IMMEDIATE);
            }
        }, UNLIMITED);
        FlushBatch batch = FlushBatch.forInput(true);
        try {
            firstOut.offer(line(2, 'a'), batch);
            brokenOut.offer(line(2, 'b'), batch);
            lastOut.offer(line(2, 'c'), batch);
        } finally {
            batch.end();
        }
        assertThat(first.bytes.toString()).isEqualTo("aa");
        assertThat(last.bytes.toString()).isEqualTo("cc");
        assertThat(told.bytes.toString()).isEqualTo("iiii");
    }

    @Test
    void producersRacingTheWriterGoingIdleLoseNothingAndKeepTheirOrder() throws Exception {
        // Each offer writes at once (no batch) and the writer gives its flag up after every
        // line: a line that lands while the flag is being given up must be taken, not skipped.
        ControlledTransport transport = new ControlledTransport();
        Outbound outbound = new Outbound(transport, 1 << 30, new CountingOwner(), UNLIMITED);
        int producers = 4;
        int lines = 20_000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(producers);
        try {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                byte tag = (byte) ('A' + p);
                running.add(pool.submit(() -> {
                    for (int i = 0; i < lines; i++) {
                        assertThat(outbound.offer(new byte[] {tag, (byte) ('0' + i % 10)}, FlushBatch.IMMEDIATE)).isTrue();
                    }
                }));
            }
            for (java.util.concurrent.Future<?> future : running) {
                future.get(60, java.util.concurrent.TimeUnit.SECONDS); // an exception in a producer fails here
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(outbound.isDrained()).isTrue();
        byte[] written = transport.bytes.toByteArray();
        assertThat(written).hasSize(producers * lines * 2);
        int[] next = new int[producers];
        for (int at = 0; at < written.length; at += 2) {
            int producer = written[at] - 'A';
            assertThat(written[at + 1]).as("producer %d line %d", producer, next[producer]).isEqualTo((byte) ('0' + next[producer] % 10));
            next[producer]++;
        }
    }

    @Test
    void endWritesWhatIsQueuedThenFinishesTheOutputOnce() {
        ControlledTransport transport = new ControlledTransport();
        transport.full = true;
        Outbound outbound = new Outbound(transport, 10_000, new CountingOwner(), UNLIMITED);
        outbound.offer(line(4, 'q'), FlushBatch.IMMEDIATE);
        outbound.end();
        assertThat(transport.finished).as("not before the queued line is out").isFalse();
        assertThat(outbound.offer(line(1, 'r'), FlushBatch.IMMEDIATE)).as("nothing after the end").isFalse();
        transport.full = false;
        outbound.writable(FlushBatch.IMMEDIATE);
        assertThat(transport.bytes.toString()).isEqualTo("qqqq");
        assertThat(transport.finished).isTrue();
    }
}
