package io.socketchat.server.internal;

import io.socketchat.server.cluster.ClusterLink.Claim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Names} on one node: a concurrent map from name key to session (a claim is one
 * {@code putIfAbsent}), and the sorted name list built once per change of who is logged in.
 */
final class LocalNames implements Names {

    private static final Comparator<String> BY_NAME =
            String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

    private final Map<String, ClientSession> users = new ConcurrentHashMap<>();
    /** Raised after every completed login and leave: a name list built before it is stale. */
    private final AtomicLong version = new AtomicLong();
    private volatile NameList nameList = new NameList(-1, List.of());
    /** Sessions holding a name beside its holder in {@link #users} (multi-login), by key; changed under this. */
    private final Map<String, List<ClientSession>> more = new ConcurrentHashMap<>();

    /** The sorted names as they were at a {@link #version}. */
    private record NameList(long version, List<String> names) {
    }

    @Override
    public Claim claim(String key, String name, ClientSession session) {
        return users.putIfAbsent(key, session) == null ? Claim.CLAIMED : Claim.TAKEN;
    }

    @Override
    public boolean release(String key, ClientSession session) {
        if (more.isEmpty()) {
            boolean held = users.remove(key, session);
            version.incrementAndGet();
            return held;
        }
        synchronized (this) {
            List<ClientSession> others = more.get(key);
            boolean freed;
            if (users.remove(key, session)) {
                // Another session of the account takes over the name: it is still online.
                freed = others == null || others.isEmpty();
                if (!freed) {
                    users.put(key, others.removeFirst());
                }
            } else {
                if (others != null) {
                    others.remove(session);
                }
                freed = false;
            }
            if (others != null && others.isEmpty()) {
                more.remove(key);
            }
            version.incrementAndGet();
            return freed;
        }
    }

    @Override
    public synchronized boolean addSession(String key, ClientSession holder, ClientSession session) {
        if (users.get(key) != holder) {
            return false;
        }
        more.computeIfAbsent(key, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(session);
        return true;
    }

    @Override
    public List<ClientSession> alsoHolding(String key) {
        List<ClientSession> others = more.isEmpty() ? null : more.get(key);
        return others == null ? List.of() : others;
    }

    @Override
    public ClientSession lookup(String key) {
        ClientSession session = users.get(key);
        return session != null && session.isDeliverable() ? session : null;
    }

    /**
     * Built once per change of who is logged in: with thousands of users a sort per
     * {@code WHO} was most of its cost, and a crowd asking at once repeated it.
     */
    @Override
    public List<String> sorted() {
        NameList current = nameList;
        long at = version.get();
        if (current.version() == at) {
            return current.names();
        }
        List<String> names = new ArrayList<>(users.size());
        for (ClientSession user : users.values()) {
            if (user.isDeliverable()) {
                names.add(user.name());
            }
        }
        names.sort(BY_NAME);
        List<String> built = Collections.unmodifiableList(names);
        nameList = new NameList(at, built);
        return built;
    }

    @Override
    public void loggedIn(ClientSession session) {
        version.incrementAndGet();
    }

    /** Raised at every login and leave on this node. */
    long version() {
        return version.get();
    }

    @Override
    public Collection<ClientSession> holders() {
        if (more.isEmpty()) {
            return users.values();
        }
        List<ClientSession> all = new ArrayList<>(users.values());
        more.values().forEach(all::addAll);
        return all;
    }
}
