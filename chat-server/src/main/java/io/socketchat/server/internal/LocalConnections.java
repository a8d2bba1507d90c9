package io.socketchat.server.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Connections} as a concurrent set, with a monitor to wait on for it to empty. */
final class LocalConnections implements Connections {

    private final Set<ClientSession> connections = ConcurrentHashMap.newKeySet();
    private final Object changed = new Object();

    @Override
    public void add(ClientSession session) {
        connections.add(session);
    }

    @Override
    public void remove(ClientSession session) {
        connections.remove(session);
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    @Override
    public Set<ClientSession> all() {
        return connections;
    }

    @Override
    public boolean awaitNone(long deadlineNanos) throws InterruptedException {
        synchronized (changed) {
            while (!connections.isEmpty()) {
                long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0) {
                    return false;
                }
                changed.wait(Math.min(remainingMillis, 50));
            }
        }
        return true;
    }
}
