package io.socketchat.server.internal;

import io.socketchat.server.cluster.ClusterLink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The room memberships and topics of the cluster's other nodes, as their payloads told this
 * node, so that {@code ROOMS} and a {@code JOIN}'s member listing show the whole cluster. On a
 * node of its own ({@link #none()}) it knows nothing and tells no one.
 *
 * <p>What this node tells the others (only this node's own users' joins, parts and topics) goes
 * out through the link in the order it happens, before the line that announces it.
 */
final class RemoteRooms {

    /** A room as the other nodes hold it: its name, topic, and each node's members. */
    record Remote(String name, String topic, List<String> members) {
    }

    private record Member(String name, String node) {
    }

    private static final class Entry {
        volatile String name;
        volatile String topic;
        final Map<String, Member> members = new ConcurrentHashMap<>();

        Entry(String name) {
            this.name = name;
        }
    }

    private final Map<String, Entry> rooms = new ConcurrentHashMap<>();
    private final ClusterLink link;

    private RemoteRooms(ClusterLink link) {
        this.link = link;
    }

    static RemoteRooms none() {
        return new RemoteRooms(null);
    }

    static RemoteRooms over(ClusterLink link) {
        return new RemoteRooms(link);
    }

    // ---- what this node tells the others ----

    void localJoined(Room room, ClientSession member) {
        if (link != null) {
            link.publish(ClusterPayloads.joined(room.key(), room.name(), member.key(), member.name()));
        }
    }

    void localParted(Room room, ClientSession member) {
        if (link != null) {
            link.publish(ClusterPayloads.parted(room.key(), member.key()));
        }
    }

    void localTopic(Room room, String setter, String text) {
        if (link != null) {
            link.publish(ClusterPayloads.topic(room.key(), room.name(), setter, text));
        }
    }

    /** Tells {@code node} every membership and topic of this node's rooms (it asked: it is new to them). */
    void tellAll(String node, Iterable<Room> local) {
        for (Room room : local) {
            Room.Topic topic = room.topic();
            if (topic != null) {
                link.send(node, ClusterPayloads.topic(room.key(), room.name(), topic.setter(), topic.text()));
            }
            for (ClientSession member : room.members()) {
                if (member.isDeliverable()) {
                    link.send(node, ClusterPayloads.joined(room.key(), room.name(), member.key(), member.name()));
                }
            }
        }
    }

    // ---- what the others told this node ----

    void joined(String node, String roomKey, String roomName, String userKey, String userName) {
        rooms.computeIfAbsent(roomKey, key -> new Entry(roomName)).members.put(userKey, new Member(userName, node));
    }

    void parted(String node, String roomKey, String userKey) {
        Entry entry = rooms.get(roomKey);
        if (entry != null) {
            entry.members.computeIfPresent(userKey, (key, member) -> member.node().equals(node) ? null : member);
        }
    }

    void topic(String roomKey, String roomName, String text) {
        rooms.computeIfAbsent(roomKey, key -> new Entry(roomName)).topic = text;
    }

    /** A user of {@code node} left the chat: out of every room. */
    void userLeft(String node, String userKey) {
        for (Entry entry : rooms.values()) {
            entry.members.computeIfPresent(userKey, (key, member) -> member.node().equals(node) ? null : member);
        }
    }

    /** Forgets every membership of {@code node}'s users (it is lost, or about to tell them all again). */
    void nodeGone(String node) {
        for (Entry entry : rooms.values()) {
            entry.members.values().removeIf(member -> member.node().equals(node));
        }
    }

    /** The names of the other nodes' members of {@code roomKey}. */
    List<String> members(String roomKey) {
        Entry entry = rooms.get(roomKey);
        if (entry == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>(entry.members.size());
        entry.members.values().forEach(member -> names.add(member.name()));
        return names;
    }

    /** Every room with members on other nodes (or a topic), by key, in a new map of the caller's own. */
    Map<String, Remote> all() {
        Map<String, Remote> all = new java.util.HashMap<>();
        rooms.forEach((key, entry) -> {
            List<String> names = new ArrayList<>();
            entry.members.values().forEach(member -> names.add(member.name()));
            all.put(key, new Remote(entry.name, entry.topic, names));
        });
        return all;
    }
}
