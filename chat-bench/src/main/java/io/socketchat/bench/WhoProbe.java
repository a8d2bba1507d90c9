package io.socketchat.bench;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A client that asks its node for {@code WHO} until it lists as many users as expected. In a
 * cluster a node learns of another node's logins a moment after they were confirmed there, and
 * a DM to a user the node has not heard of yet is {@code ERR user-not-found}: so a scenario
 * whose clients talk across nodes waits for every node to list everyone first. {@code WHO}
 * then {@code PING}: the {@code USER} lines up to the {@code PONG} are the whole listing.
 */
final class WhoProbe implements LineReader.Handler {

    private static final byte[] USER = Wire.ascii("USER ");
    private static final byte[] PONG = Wire.ascii("PONG");
    private static final byte[] ASK = Wire.ascii("WHO\nPING\n");

    private final BlockingQueue<Integer> listings = new LinkedBlockingQueue<>();
    private int counted;
    private volatile BenchClient client;

    void bind(BenchClient client) {
        this.client = client;
    }

    @Override
    public boolean line(byte[] bytes, int offset, int length) throws IOException {
        if (Wire.startsWith(bytes, offset, length, USER)) {
            counted++;
        } else if (Wire.equals(bytes, offset, length, PONG)) {
            listings.add(counted); // never blocks the selector thread
            counted = 0;
        }
        return true;
    }

    /** Asks until the listing has {@code users} names; false if it still has not when the deadline passes. */
    boolean awaitUsers(int users, long deadlineNanos) throws IOException, InterruptedException {
        while (System.nanoTime() - deadlineNanos < 0) {
            client.write(ASK, 0, ASK.length);
            Integer listed = listings.poll(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (listed == null) {
                return false;
            }
            if (listed >= users) {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the other node's payloads are on their way
        }
        return false;
    }
}
