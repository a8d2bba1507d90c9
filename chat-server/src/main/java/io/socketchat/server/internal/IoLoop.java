package io.socketchat.server.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One selector and the platform thread that waits on it: it reads from the connections that
 * have input and hands the bytes to their sessions, and resumes writers whose peer drained.
 *
 * <p>This is what lets an idle connection cost no thread: instead of a virtual thread parked
 * in a read per client, the loop waits for all of them at once (epoll), and a session's
 * command thread starts only when a line must wait ({@link Inbound}). The loop itself never
 * blocks: it frames and decodes every line, handles those that cannot wait (commands declared
 * non-blocking, let through by flood control now) and hands the rest, plugin commands
 * included, to the session's command thread.
 *
 * <p>A loop thread that ends by an error (anything {@link #run} does not catch, such as an
 * {@link OutOfMemoryError}) ends the process ({@link Fatal}); {@link Watchdog} notices a loop
 * that stopped running its tasks.
 */
public final class IoLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    /** Larger than any client needs for a line; the loop copies each read out at once. */
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final byte[] copyBuffer = new byte[READ_BUFFER_BYTES];
    private volatile boolean running = true;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** What the lines handled in one round queue: written once per recipient at the round's end. */
    private final FlushBatch batch = FlushBatch.forInput(false);

    private IoLoop(String name, Fatal fatal) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(fatal.guard("io-loop-dead", this::run), name);
        this.thread.setDaemon(true);
    }

    /** Opens {@code count} loops, each on its own thread; an error that ends one halts the process. */
    public static IoLoop[] start(int count) throws IOException {
        return start(count, Fatal.halting());
    }

    /** Opens {@code count} loops; an error that ends one goes to {@code fatal}. */
    static IoLoop[] start(int count, Fatal fatal) throws IOException {
        IoLoop[] loops = new IoLoop[count];
        try {
            for (int i = 0; i < count; i++) {
                loops[i] = new IoLoop("chat-io-" + i, fatal);
                loops[i].thread.start();
            }
        } catch (IOException e) {
            for (IoLoop loop : loops) {
                if (loop != null) {
                    loop.close();
                }
            }
            throw e;
        }
        return loops;
    }

    /** Picks loops in turn for new connections. */
    public static final class RoundRobin {
        private final IoLoop[] loops;
        private final AtomicInteger next = new AtomicInteger();

        public RoundRobin(IoLoop[] loops) {
            this.loops = loops;
        }

        public IoLoop next() {
            return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        }
    }

    /** What a channel registered with a loop does when the selector reports it ready. */
    interface Ready {
        /**
         * On the loop thread: the channel is ready for {@code key.readyOps()}. {@code buffer}
         * and {@code copy} are the loop's read buffers (valid only during the call), and
         * {@code batch} collects what lines handled now queue, written at the end of the round.
         */
        void ready(SelectionKey key, ByteBuffer buffer, byte[] copy, FlushBatch batch);

        /** {@link #ready} threw: log it for whom and clean up. */
        void failed(RuntimeException cause);
    }

    /** Registers with no interest yet; the channel turns on what it needs itself. */
    SelectionKey register(SelectableChannel channel, Ready attachment) throws IOException {
        return channel.register(selector, 0, attachment);
    }

    /** Runs {@code task} on the loop thread (after its current selection), or now if this is the loop thread. */
    void execute(Runnable task) {
        if (inLoop()) {
            task.run();
            return;
        }
        tasks.add(task);
        wakeup();
        if (!thread.isAlive()) {
            runTasks(); // the loop has stopped: whoever asks does it (a close at shutdown)
        }
    }

    /**
     * Runs {@code task} on the loop thread once a selection that started after this call is
     * over: by then every key cancelled before this call is deregistered and its socket closed.
     */
    void afterNextSelect(Runnable task) {
        // Queued now, the task may run right after the current selection (before the next one):
        // so it queues itself again once, which lands after the next one.
        tasks.add(() -> {
            tasks.add(task);
            selector.wakeup(); // so the next selection returns at once
        });
        selector.wakeup();
    }

    /**
     * Interest changes made on other threads take effect at the loop's next wake. Only the
     * first caller per round wakes the selector: its wake-up takes a lock the loop also takes,
     * which a virtual thread must not queue for (it would pin its carrier), and one wake-up
     * per round serves every change made before the loop selects again.
     */
    void wakeup() {
        if (Thread.currentThread() != thread && !wakeupPending.get() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    Thread thread() {
        return thread;
    }

    /** False once {@link #close} began: the loop is ending on purpose. */
    boolean isOpen() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                selector.select(this::ready);
                // What the commands handled here queued this round goes out now, once per recipient
                // for all the connections that were ready: several senders' lines share a write.
                batch.flush();
                wakeupPending.set(false); // changes queued from now on need a new wake-up
                runTasks();
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                log.error("[ERROR] io loop={} cause={}", thread.getName(), e.toString(), e);
            }
        }
    }

    private synchronized void runTasks() {
        // Only those queued before now: a task that queues another leaves it for the next round.
        for (int pending = tasks.size(); pending > 0; pending--) {
            Runnable task = tasks.poll();
            if (task == null) {
                return;
            }
            task.run();
        }
    }

    private void ready(SelectionKey key) {
        Ready attachment = (Ready) key.attachment();
        try {
            attachment.ready(key, readBuffer, copyBuffer, batch);
        } catch (RuntimeException e) {
            attachment.failed(e);
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                thread.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        runTasks(); // closes queued after the loop's last round still happen
        try {
            selector.close();
        } catch (IOException e) {
            log.warn("[ERROR] closing io loop={} cause={}", thread.getName(), e.toString());
        }
    }
}
