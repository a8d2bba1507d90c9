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

    /** The sorted names as they were at a {@link #version}. */
    private record NameList(long version, List<String> names) {
    }

    @Override
    public Claim claim(String key, String name, ClientSession session) {
        return users.putIfAbsent(key, session) == null ? Claim.CLAIMED : Claim.TAKEN;
    }

    @Override
    public boolean release(String key, ClientSession session) {
        boolean held = users.remove(key, session);
        version.incrementAndGet();
        return held;
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
        return users.values();
    }
}
