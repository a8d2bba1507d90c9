package io.socketchat.server.internal;

import io.socketchat.protocol.Replies;
import io.socketchat.server.cluster.ClusterLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * This node as the cluster's link sees it: what other nodes' payloads do here (deliver to this
 * node's users, keep {@link RemoteUsers} current, kick), and what a lost node or a lost name
 * means for the users here.
 */
final class ClusterNode implements ClusterLink.Node {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");

    private final LocalNames names;
    private final LocalDelivery delivery;
    private final RemoteUsers remote;
    private final Rooms rooms;
    private final RemoteRooms remoteRooms;
    private final ClusterLink link;
    private final ClusterPayloads payloads;
    private final java.util.function.Consumer<String> accountChanged;

    ClusterNode(LocalNames names, LocalDelivery delivery, RemoteUsers remote, Rooms rooms, RemoteRooms remoteRooms,
                ClusterLink link, ClusterPayloads payloads, java.util.function.Consumer<String> accountChanged) {
        this.accountChanged = accountChanged;
        this.names = names;
        this.delivery = delivery;
        this.remote = remote;
        this.rooms = rooms;
        this.remoteRooms = remoteRooms;
        this.link = link;
        this.payloads = payloads;
    }

    @Override
    public void received(String fromNode, String payload) {
        if (payload.isEmpty()) {
            return;
        }
        switch (payload.charAt(0)) {
            case ClusterPayloads.TO_ALL -> {
                String[] f = ClusterPayloads.fields(payload, 1);
                if (f != null) {
                    delivery.toAllExcept(null, f[0], FlushBatch.IMMEDIATE);
                }
            }
            case ClusterPayloads.TO_ROOM -> {
                String[] f = ClusterPayloads.fields(payload, 2);
                Room room = f == null ? null : rooms.find(f[0]);
                if (room != null) {
                    delivery.toMembers(room, null, f[1], FlushBatch.IMMEDIATE);
                }
            }
            case ClusterPayloads.TO_USER -> {
                String[] f = ClusterPayloads.fields(payload, 2);
                if (f != null) {
                    delivery.toUser(f[0], f[1], FlushBatch.IMMEDIATE);
                }
            }
            case ClusterPayloads.LOGGED_IN -> {
                String[] f = ClusterPayloads.fields(payload, 2);
                if (f != null) {
                    remote.add(fromNode, f[0], f[1]);
                }
            }
            case ClusterPayloads.LEFT -> {
                String[] f = ClusterPayloads.fields(payload, 1);
                String name = f == null ? null : remote.remove(fromNode, f[0]);
                if (f != null) {
                    remoteRooms.userLeft(fromNode, f[0]);
                }
                if (name != null) {
                    delivery.announceLeave(name, null);
                }
            }
            case ClusterPayloads.KICK -> {
                String[] f = ClusterPayloads.fields(payload, 3);
                ClientSession user = f == null ? null : names.lookup(f[0]);
                if (user != null) {
                    String reason = f[2].isEmpty() ? null : f[2];
                    log.info("[KICK] user={} by={} node={} reason=\"{}\"", user.name(), f[1], fromNode,
                            reason == null ? "" : reason);
                    user.disconnect("kicked", Replies.kicked(reason), Deadlines.LINGER.toNanos());
                }
            }
            case ClusterPayloads.JOINED -> {
                String[] f = ClusterPayloads.fields(payload, 4);
                if (f != null) {
                    remoteRooms.joined(fromNode, f[0], f[1], f[2], f[3]);
                }
            }
            case ClusterPayloads.PARTED -> {
                String[] f = ClusterPayloads.fields(payload, 2);
                if (f != null) {
                    remoteRooms.parted(fromNode, f[0], f[1]);
                }
            }
            case ClusterPayloads.TOPIC -> {
                String[] f = ClusterPayloads.fields(payload, 4);
                if (f != null) {
                    remoteRooms.topic(f[0], f[1], f[3]);
                    Room room = rooms.find(f[0]);
                    if (room != null) {
                        room.topic(new Room.Topic(f[2], f[3]));
                    }
                }
            }
            case ClusterPayloads.SYNC -> remoteRooms.tellAll(fromNode, rooms.all());
            case ClusterPayloads.ACCOUNT -> {
                String[] f = ClusterPayloads.fields(payload, 1);
                if (f != null) {
                    accountChanged.accept(f[0]);
                }
            }
            default -> log.warn("[CLUSTER] event=unknown-payload node={} kind={}", fromNode, payload.charAt(0));
        }
    }

    @Override
    public void nodeSeen(String nodeId, Map<String, String> users) {
        for (String name : remote.replaceNode(nodeId, users)) {
            delivery.announceLeave(name, null);
        }
        // Its rooms: asked for afresh, since payloads may have been missed while unseen.
        remoteRooms.nodeGone(nodeId);
        link.send(nodeId, payloads.sync());
    }

    @Override
    public void nodeLost(String nodeId) {
        var gone = remote.removeNode(nodeId);
        remoteRooms.nodeGone(nodeId);
        log.info("[CLUSTER] event=node-lost node={} users={}", nodeId, gone.size());
        for (String name : gone) {
            delivery.announceLeave(name, null);
        }
    }

    @Override
    public Map<String, String> localUsers() {
        Map<String, String> users = new HashMap<>();
        for (ClientSession session : names.holders()) {
            if (session.isDeliverable()) {
                users.put(session.key(), session.name());
            }
        }
        return users;
    }

    @Override
    public void lost(String key, String reason) {
        ClientSession user = names.lookup(key);
        if (user != null) {
            log.info("[CLUSTER] event=name-lost user={} reason={}", user.name(), reason);
            user.disconnect(reason, Replies.clusterLost(reason), Deadlines.LINGER.toNanos());
        }
    }

    @Override
    public void availability(boolean available) {
        // The link logs the change once; the core asks it (isAvailable) when it needs to know.
    }
}
