package io.socketchat.server.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Direct buffers that writers gather a session's queued lines into, one write call each.
 *
 * <p>Writing a heap array makes the JDK copy it into a temporary direct buffer anyway; staging
 * the shared lines straight into a direct one is that single copy, with no per-recipient
 * buffer in between. A {@link FlushBatch} keeps the buffer it borrowed for as long as its
 * owner runs (an I/O loop keeps one for good); everyone else borrows from this small pool.
 */
final class StagingBuffers {

    /** One write's worth: more than a loopback socket usually takes at once. */
    static final int BYTES = 64 * 1024;
    private static final int POOLED_MAX = 32;
    private static final ArrayBlockingQueue<ByteBuffer> POOL = new ArrayBlockingQueue<>(POOLED_MAX);

    private StagingBuffers() {
    }

    static ByteBuffer acquire() {
        ByteBuffer pooled = POOL.poll();
        return pooled != null ? pooled : ByteBuffer.allocateDirect(BYTES);
    }

    static void release(ByteBuffer buffer) {
        buffer.clear();
        POOL.offer(buffer); // when the pool is full the buffer is dropped for the collector
    }
}
