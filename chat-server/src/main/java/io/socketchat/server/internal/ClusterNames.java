package io.socketchat.server.internal;

import io.socketchat.server.cluster.ClusterLink;
import io.socketchat.server.cluster.ClusterLink.Claim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * {@link Names} across a cluster: this node's sessions in {@link LocalNames}, the other nodes'
 * users in {@link RemoteUsers}, and a claim that holds only once the cluster's engine agreed
 * (after the local map did, so two sessions of this node never both ask).
 */
final class ClusterNames implements Names {

    private static final Comparator<String> BY_NAME =
            String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

    private final LocalNames local;
    private final RemoteUsers remote;
    private final ClusterLink link;
    private volatile NameList nameList = new NameList(-1, -1, List.of());

    private record NameList(long localVersion, long remoteVersion, List<String> names) {
    }

    ClusterNames(LocalNames local, RemoteUsers remote, ClusterLink link) {
        this.local = local;
        this.remote = remote;
        this.link = link;
    }

    @Override
    public Claim claim(String key, String name, ClientSession session) {
        if (local.claim(key, name, session) != Claim.CLAIMED) {
            return Claim.TAKEN;
        }
        Claim claim = remote.find(key) != null ? Claim.TAKEN : link.claim(key, name);
        if (claim != Claim.CLAIMED) {
            local.release(key, session);
        }
        return claim;
    }

    @Override
    public boolean claimBlocks() {
        return true;
    }

    @Override
    public boolean release(String key, ClientSession session) {
        boolean freed = local.release(key, session);
        if (freed) {
            link.release(key);
            if (session.name() != null) {
                link.publish(ClusterPayloads.left(key));
            }
        }
        return freed;
    }

    @Override
    public ClientSession lookup(String key) {
        return local.lookup(key);
    }

    /** The name is this node's already: a second session of the account stays on this node only. */
    @Override
    public boolean addSession(String key, ClientSession holder, ClientSession session) {
        return local.addSession(key, holder, session);
    }

    @Override
    public java.util.List<ClientSession> alsoHolding(String key) {
        return local.alsoHolding(key);
    }

    @Override
    public List<String> sorted() {
        NameList current = nameList;
        long localAt = local.version();
        long remoteAt = remote.version();
        if (current.localVersion() == localAt && current.remoteVersion() == remoteAt) {
            return current.names();
        }
        List<String> names = new ArrayList<>(local.sorted());
        names.addAll(remote.names());
        names.sort(BY_NAME);
        List<String> built = Collections.unmodifiableList(names);
        nameList = new NameList(localAt, remoteAt, built);
        return built;
    }

    @Override
    public void loggedIn(ClientSession session) {
        local.loggedIn(session);
        if (session.isDeliverable()) {
            // After the user turned deliverable: a DM another node sends on hearing this finds it.
            link.publish(ClusterPayloads.loggedIn(session.key(), session.name()));
        }
    }

    @Override
    public Collection<ClientSession> holders() {
        return local.holders();
    }
}
