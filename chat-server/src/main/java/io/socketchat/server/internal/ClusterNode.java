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
 *
 * <p>The link's calls are queued, in the order they come, to one thread of this node's own, which
 * takes what has gathered and handles it under one {@link FlushBatch}: a burst of lines from other
 * nodes costs each local recipient one write, not one per line. The queue is bounded: when it is
 * full the link's thread waits, and Redis holds the rest (and, past its own limit for a subscriber,
 * drops the connection, which the link reports and repairs).
 */
final class ClusterNode implements ClusterLink.Node {

    /** How many of the link's calls may wait for the delivery thread. */
    private static final int QUEUE_LIMIT = 65_536;
    /** How many are handled under one batch, at most. */
    private static final int BATCH = 1_024;

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");

    private final LocalNames names;
    private final LocalDelivery delivery;
    private final RemoteUsers remote;
    private final Rooms rooms;
    private final RemoteRooms remoteRooms;
    private final ClusterLink link;
    private final java.util.function.Consumer<String> accountChanged;
    private final Runnable accountsMissed;
    private final java.util.concurrent.BlockingQueue<Task> tasks = new java.util.concurrent.ArrayBlockingQueue<>(QUEUE_LIMIT);
    private final Thread deliverer;

    /** One of the link's calls, waiting for the delivery thread. */
    private interface Task {
        void run(FlushBatch batch);
    }

    ClusterNode(LocalNames names, LocalDelivery delivery, RemoteUsers remote, Rooms rooms, RemoteRooms remoteRooms,
                ClusterLink link, java.util.function.Consumer<String> accountChanged, Runnable accountsMissed) {
        this.accountChanged = accountChanged;
        this.accountsMissed = accountsMissed;
        this.names = names;
        this.delivery = delivery;
        this.remote = remote;
        this.rooms = rooms;
        this.remoteRooms = remoteRooms;
        this.link = link;
        this.deliverer = Thread.ofPlatform().name("cluster-deliver").daemon().start(this::deliverLoop);
    }

    private void deliverLoop() {
        java.util.List<Task> taken = new java.util.ArrayList<>(BATCH);
        while (true) {
            try {
                taken.add(tasks.take());
            } catch (InterruptedException e) {
                return; // the server stopped
            }
            tasks.drainTo(taken, BATCH - 1);
            FlushBatch batch = new FlushBatch(FlushBatch.WhenFull.CUT_OFF); // a remote sender cannot be slowed
            try {
                for (Task task : taken) {
                    try {
                        task.run(batch);
                    } catch (RuntimeException e) {
                        log.error("[CLUSTER] event=payload-failed cause={}", e.toString(), e);
                    }
                }
            } finally {
                batch.end();
                taken.clear();
            }
        }
    }

    private void enqueue(Task task) {
        try {
            tasks.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the delivery thread: the link is closed, nothing more arrives. */
    void close() {
        deliverer.interrupt();
    }

    @Override
    public void received(String fromNode, String payload) {
        if (!payload.isEmpty()) {
            enqueue(batch -> handle(fromNode, payload, batch));
        }
    }

    private void handle(String fromNode, String payload, FlushBatch batch) {
        switch (payload.charAt(0)) {
            case ClusterPayloads.TO_ALL -> {
                String[] f = ClusterPayloads.fields(payload, 1);
                if (f != null) {
                    delivery.toAllExcept(null, f[0], batch);
                }
            }
            case ClusterPayloads.TO_ROOM -> {
                String[] f = ClusterPayloads.fields(payload, 2);
                Room room = f == null ? null : rooms.find(f[0]);
                if (room != null) {
                    delivery.toMembers(room, null, f[1], batch);
                }
            }
            case ClusterPayloads.TO_USER -> {
                String[] f = ClusterPayloads.fields(payload, 2);
                if (f != null) {
                    delivery.toUser(f[0], f[1], batch);
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
    public void missedPayloads() {
        enqueue(batch -> accountsMissed.run());
    }

    @Override
    public void nodeSeen(String nodeId, Map<String, String> users) {
        enqueue(batch -> seen(nodeId, users));
    }

    private void seen(String nodeId, Map<String, String> users) {
        for (String name : remote.replaceNode(nodeId, users)) {
            delivery.announceLeave(name, null);
        }
        // Its rooms: asked for afresh, since payloads may have been missed while unseen.
        remoteRooms.nodeGone(nodeId);
        link.send(nodeId, ClusterPayloads.sync());
    }

    @Override
    public void nodeLost(String nodeId) {
        enqueue(batch -> lostNode(nodeId));
    }

    private void lostNode(String nodeId) {
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
        enqueue(batch -> lostName(key, reason));
    }

    private void lostName(String key, String reason) {
        ClientSession user = names.lookup(key);
        if (user != null) {
            log.info("[CLUSTER] event=name-lost user={} reason={}", user.name(), reason);
            user.disconnect(reason, Replies.clusterLost(reason), Deadlines.LINGER.toNanos());
        }
    }
}
