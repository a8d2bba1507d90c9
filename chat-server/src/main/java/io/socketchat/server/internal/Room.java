package io.socketchat.server.internal;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One room on this node: its name as first created, its topic, its members. Members change
 * under {@link #lock()} (held by a join while its reply is queued, so a new member reads its
 * listing before any line of the room); fan-out reads the member array without a lock.
 */
final class Room {

    /** A room's topic and who set it. */
    record Topic(String setter, String text) {
    }

    private static final ClientSession[] NONE = new ClientSession[0];

    private final String key;
    private final String name;
    // A ReentrantLock, not a monitor: a join holds it while it reads the history (blocking I/O),
    // which would pin a virtual thread's carrier on JDK 21 under synchronized.
    private final ReentrantLock lock = new ReentrantLock();
    private volatile ClientSession[] members = NONE;
    private volatile Topic topic;
    private volatile boolean hasHistory;
    /** Set under the lock once the room is forgotten: a join that raced it opens a new one. */
    private boolean removed;

    Room(String key, String name, Topic topic, boolean hasHistory) {
        this.key = key;
        this.name = name;
        this.topic = topic;
        this.hasHistory = hasHistory;
    }

    String key() {
        return key;
    }

    String name() {
        return name;
    }

    ReentrantLock lock() {
        return lock;
    }

    /** The members at this moment; never changed in place. */
    ClientSession[] members() {
        return members;
    }

    Topic topic() {
        return topic;
    }

    void topic(Topic value) {
        topic = value;
    }

    boolean hasHistory() {
        return hasHistory;
    }

    void hasHistory(boolean value) {
        hasHistory = value;
    }

    /** Whether a room without members is still worth remembering. */
    boolean worthKeeping() {
        return members.length > 0 || topic != null || hasHistory;
    }

    // ---- under the lock ----

    boolean removed() {
        return removed;
    }

    void markRemoved() {
        removed = true;
    }

    void add(ClientSession member) {
        ClientSession[] current = members;
        ClientSession[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = member;
        members = next;
    }

    boolean remove(ClientSession member) {
        ClientSession[] current = members;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == member) {
                ClientSession[] next = new ClientSession[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                members = next;
                return true;
            }
        }
        return false;
    }
}
