package io.socketchat.server.internal.accounts;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where passwords are hashed: a fixed number of platform threads ({@code chat-hash-N}) and a
 * bounded queue. Hashing is all CPU and each hash holds its memory cost (19 MiB by default)
 * while it runs, so the threads bound both; a full queue refuses at once (the client reads
 * {@code ERR server-busy}) rather than growing. Nothing here runs on an I/O loop: the command's
 * virtual thread submits and waits.
 */
public final class HashPool implements AutoCloseable {

    /** The queue was full: nothing was submitted. */
    public static final class Busy extends Exception {
        Busy() {
            super("the password hashing queue is full", null, false, false);
        }
    }

    private final ThreadPoolExecutor executor;

    public HashPool(int threads, int queue) {
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue),
                task -> Thread.ofPlatform().name("chat-hash-" + count.incrementAndGet()).daemon(true).unstarted(task),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Runs {@code work} on a hashing thread and waits for its answer.
     *
     * @throws Busy when the queue is full
     */
    public <T> T run(Supplier<T> work) throws Busy {
        CompletableFuture<T> done;
        try {
            done = CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            throw new Busy();
        }
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Requests waiting for a thread now. */
    public int queued() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
