package io.socketchat.server.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OutboundTest {

    /** A transport whose peer does not read: the first write blocks until released. */
    private static final class StuckTransport implements Transport {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch writing = new CountDownLatch(1);
        final List<Integer> writes = new ArrayList<>();

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            writing.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            synchronized (writes) {
                writes.add(length);
            }
        }

        @Override
        public void finishOutput() {
        }

        @Override
        public void close() {
            release.countDown();
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:1";
        }

        @Override
        public String remoteHost() {
            return "127.0.0.1";
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

    @Test
    void aFullQueueRefusesLinesAndTellsItsOwnerOnlyOnce() throws Exception {
        StuckTransport transport = new StuckTransport();
        CountingOwner owner = new CountingOwner();
        Outbound outbound = new Outbound(transport, 100, owner);
        assertThat(outbound.offer(new byte[10])).isTrue();
        assertThat(transport.writing.await(10, TimeUnit.SECONDS)).isTrue(); // the writer holds the first line
        for (int i = 0; i < 9; i++) {
            assertThat(outbound.offer(new byte[10])).as("line %d fits", i).isTrue();
        }
        assertThat(outbound.queuedBytes()).isEqualTo(100);
        assertThat(outbound.offer(new byte[10])).isFalse();
        assertThat(outbound.offer(new byte[10])).isFalse();
        assertThat(outbound.offer(new byte[1])).as("nothing more after an overflow").isFalse();
        // One client cut off is one overflow, however many senders hit the full queue.
        assertThat(owner.overflows).hasValue(1);
        transport.close();
    }

    @Test
    void queuedLinesAreWrittenInOrderAndCoalesced() throws Exception {
        StuckTransport transport = new StuckTransport();
        Outbound outbound = new Outbound(transport, 10_000, new CountingOwner());
        outbound.offer(new byte[5]);
        assertThat(transport.writing.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 10; i++) {
            outbound.offer(new byte[7]);
        }
        transport.release.countDown();
        await().until(outbound::isDrained);
        // The first line went alone; the ten queued behind it went in one write.
        assertThat(transport.writes).containsExactly(5, 70);
        assertThat(outbound.queuedBytes()).isZero();
    }
}
