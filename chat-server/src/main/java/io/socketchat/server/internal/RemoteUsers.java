package io.socketchat.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The users of the other nodes of a cluster as this node last heard of them: name key to name
 * and node. Kept from the nodes' login and leave payloads and from the snapshot of a node the
 * link reads when it first sees it, so a {@code DM} or a {@code WHO} costs no round trip.
 */
final class RemoteUsers {

    /** A user of another node. */
    record Remote(String name, String node) {
    }

    private final Map<String, Remote> byKey = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    Remote find(String key) {
        return byKey.get(key);
    }

    void add(String node, String key, String name) {
        byKey.put(key, new Remote(name, node));
        version.incrementAndGet();
    }

    /** @return the user's name, or {@code null} when {@code node} did not hold {@code key} */
    String remove(String node, String key) {
        Remote remote = byKey.get(key);
        if (remote == null || !remote.node().equals(node) || !byKey.remove(key, remote)) {
            return null;
        }
        version.incrementAndGet();
        return remote.name();
    }

    /** Forgets every user of {@code node}; @return their names */
    List<String> removeNode(String node) {
        List<String> gone = new ArrayList<>();
        byKey.forEach((key, remote) -> {
            if (remote.node().equals(node) && byKey.remove(key, remote)) {
                gone.add(remote.name());
            }
        });
        version.incrementAndGet();
        return gone;
    }

    /** Replaces what is known of {@code node}'s users by {@code users} (name key to name); @return the names that are gone */
    List<String> replaceNode(String node, Map<String, String> users) {
        List<String> gone = new ArrayList<>();
        byKey.forEach((key, remote) -> {
            if (remote.node().equals(node) && !users.containsKey(key) && byKey.remove(key, remote)) {
                gone.add(remote.name());
            }
        });
        users.forEach((key, name) -> byKey.put(key, new Remote(name, node)));
        version.incrementAndGet();
        return gone;
    }

    int count() {
        return byKey.size();
    }

    List<String> names() {
        List<String> names = new ArrayList<>(byKey.size());
        byKey.values().forEach(remote -> names.add(remote.name()));
        return names;
    }

    Map<String, Remote> all() {
        return Map.copyOf(byKey);
    }

    /** Raised at every change. */
    long version() {
        return version.get();
    }
}
