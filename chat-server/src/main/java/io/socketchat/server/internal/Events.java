package io.socketchat.server.internal;

import io.socketchat.server.spi.ChatEvent;
import io.socketchat.server.spi.ChatObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands chat events to observers without holding up the thread that publishes them: each
 * observer has its own bounded queue and its own virtual thread. Publishing is an
 * {@code offer} per observer (never a wait); with no observers it is one field read, and the
 * callers check {@link #active()} before they build an event, so nothing is allocated.
 *
 * <p>An observer whose queue is full is cut off (its queued events are dropped and counted in
 * one {@code [EVENTS] ... reason=queue-full} line); one that throws is logged once and cut
 * off. The others go on.
 *
 * <p>Order: one queue per observer, and each session's events are published under its login
 * gate in the order they happened ({@link ClientSession#publishOwn}), so every observer sees
 * a session's events in order.
 */
public final class Events {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    /** Events one observer may fall behind before it is cut off. */
    public static final int DEFAULT_QUEUE_EVENTS = 65_536;

    /** How often an idle observer thread looks whether the server is closing. */
    private static final long POLL_SLICE_MILLIS = 100;

    private static final Events NONE = new Events(List.of(), DEFAULT_QUEUE_EVENTS);

    /** The observers still connected; replaced (copy on write) when one is cut off. */
    private volatile Channel[] channels;
    private final Object cut = new Object();

    private Events(List<ChatObserver> observers, int queueEvents) {
        List<Channel> started = new ArrayList<>();
        for (ChatObserver observer : observers) {
            started.add(new Channel(observer, queueEvents));
        }
        channels = started.toArray(new Channel[0]);
        started.forEach(Channel::start);
    }

    /** Events for these observers, each with a queue of {@link #DEFAULT_QUEUE_EVENTS}. */
    public static Events of(List<ChatObserver> observers) {
        return observers.isEmpty() ? NONE : new Events(observers, DEFAULT_QUEUE_EVENTS);
    }

    static Events of(List<ChatObserver> observers, int queueEvents) {
        return new Events(observers, queueEvents);
    }

    static Events none() {
        return NONE;
    }

    /** Whether anyone listens: callers build no event when no one does. */
    boolean active() {
        return channels.length > 0;
    }

    /** Queues the event to every observer; never blocks. */
    void publish(ChatEvent event) {
        for (Channel channel : channels) {
            if (!channel.queue.offer(event)) {
                cutOff(channel, null);
            }
        }
    }

    /** How many observers still get events. */
    int observerCount() {
        return channels.length;
    }

    /**
     * Lets every observer take what is queued for up to {@code graceNanos} together, then stops
     * their threads. Events published after this are dropped.
     */
    public void close(long graceNanos) {
        Channel[] current;
        synchronized (cut) {
            current = channels;
            channels = new Channel[0];
        }
        long deadline = System.nanoTime() + graceNanos;
        for (Channel channel : current) {
            channel.closing = true; // seen within one poll slice; the thread ends once its queue is empty
        }
        for (Channel channel : current) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !channel.thread.join(java.time.Duration.ofNanos(left))) {
                    channel.thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Removes an observer: its queue was full ({@code error == null}) or it threw. */
    private void cutOff(Channel channel, Throwable error) {
        if (!channel.cut.compareAndSet(false, true)) {
            return;
        }
        synchronized (cut) {
            Channel[] current = channels;
            List<Channel> kept = new ArrayList<>(current.length);
            for (Channel c : current) {
                if (c != channel) {
                    kept.add(c);
                }
            }
            channels = kept.toArray(new Channel[0]);
        }
        int queued = channel.queue.size();
        channel.queue.clear();
        if (error == null) {
            // the queued events and the one that did not fit
            log.warn("[EVENTS] observer={} dropped={} reason=queue-full", channel.name, queued + 1);
        } else {
            log.error("[EVENTS] observer={} error={} dropped={}", channel.name, error.toString(), queued, error);
        }
        channel.thread.interrupt();
    }

    /** One observer: its queue and the virtual thread that feeds it. */
    private final class Channel implements Runnable {
        final ChatObserver observer;
        final String name;
        final ArrayBlockingQueue<ChatEvent> queue;
        final AtomicBoolean cut = new AtomicBoolean();
        final Thread thread;
        volatile boolean closing;

        Channel(ChatObserver observer, int queueEvents) {
            this.observer = observer;
            this.name = nameOf(observer);
            this.queue = new ArrayBlockingQueue<>(queueEvents);
            this.thread = Thread.ofVirtual().name("chat-events-" + name).unstarted(this);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            while (!cut.get()) {
                ChatEvent event;
                try {
                    event = closing ? queue.poll() : queue.poll(POLL_SLICE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return; // cut off, or the close's grace is over
                }
                if (event == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                try {
                    observer.observe(event);
                } catch (Exception | Error e) {
                    if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
                        throw fatal;
                    }
                    if (e instanceof InterruptedException && (cut.get() || closing)) {
                        return; // stopped by us, not a failure of its own
                    }
                    cutOff(this, e);
                    return;
                }
            }
        }
    }

    private static String nameOf(ChatObserver observer) {
        try {
            String name = observer.name();
            return name == null || name.isBlank() ? observer.getClass().getName() : name;
        } catch (RuntimeException e) {
            return observer.getClass().getName();
        }
    }
}
