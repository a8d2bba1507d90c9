package io.socketchat.server.internal;

import io.socketchat.server.cluster.ClusterLink;
import io.socketchat.server.spi.Session;

/**
 * {@link Delivery} across a cluster: this node's users through {@link LocalDelivery}; a line
 * for a user of another node goes to that node only, and a broadcast or a room's line crosses
 * to each other node once, where that node's own fan-out takes it. Leave notices do not cross:
 * every node tells its own users when it hears that a user left (see {@link ClusterNode}).
 */
final class ClusterDelivery implements Delivery {

    private final LocalDelivery local;
    private final RemoteUsers remote;
    private final ClusterLink link;

    ClusterDelivery(LocalDelivery local, RemoteUsers remote, ClusterLink link) {
        this.local = local;
        this.remote = remote;
        this.link = link;
    }

    @Override
    public void joining(ClientSession session) {
        local.joining(session);
    }

    @Override
    public void leaving(ClientSession session) {
        local.leaving(session);
    }

    @Override
    public String toUser(String key, String line, FlushBatch batch) {
        String name = local.toUser(key, line, batch);
        if (name != null) {
            return name;
        }
        RemoteUsers.Remote user = remote.find(key);
        if (user == null) {
            return null;
        }
        link.send(user.node(), ClusterPayloads.toUser(key, line));
        return user.name();
    }

    @Override
    public int toAllExcept(Session except, String line, FlushBatch batch) {
        link.publish(ClusterPayloads.toAll(line));
        return local.toAllExcept(except, line, batch) + remote.count();
    }

    @Override
    public int toMembers(Room room, Session except, String line, FlushBatch batch) {
        link.publish(ClusterPayloads.toRoom(room.key(), line));
        return local.toMembers(room, except, line, batch);
    }

    @Override
    public void announceLeave(ClientSession session) {
        local.announceLeave(session);
    }

    @Override
    public void tick(long nowNanos) {
        local.tick(nowNanos);
    }
}
