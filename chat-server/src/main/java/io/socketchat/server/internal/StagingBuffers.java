package io.socketchat.server.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Direct buffers that writers gather a session's queued lines into, one write call each.
 *
 * <p>Writing a heap array makes the JDK copy it into a temporary direct buffer anyway; staging
 * the shared lines straight into a direct one is that single copy, with no per-recipient
 * buffer in between. A platform thread (an I/O loop, the timer, the console) keeps its own;
 * virtual threads, which are many and short-lived, borrow from a small pool.
 */
final class StagingBuffers {

    /** One write's worth: more than a loopback socket usually takes at once. */
    static final int BYTES = 64 * 1024;
    private static final int POOLED_MAX = 16;
    private static final ThreadLocal<ByteBuffer> OWN = new ThreadLocal<>();
    private static final ArrayBlockingQueue<ByteBuffer> POOL = new ArrayBlockingQueue<>(POOLED_MAX);

    private StagingBuffers() {
    }

    /** A buffer for the calling thread alone until {@link #release}; re-entrant calls get another. */
    static ByteBuffer acquire() {
        if (!Thread.currentThread().isVirtual()) {
            ByteBuffer own = OWN.get();
            if (own != null) {
                OWN.set(null);
                return own;
            }
        }
        ByteBuffer pooled = POOL.poll();
        return pooled != null ? pooled : ByteBuffer.allocateDirect(BYTES);
    }

    static void release(ByteBuffer buffer) {
        buffer.clear();
        if (!Thread.currentThread().isVirtual() && OWN.get() == null) {
            OWN.set(buffer);
        } else {
            POOL.offer(buffer); // when the pool is full the buffer is dropped for the collector
        }
    }
}
