package io.socketchat.server.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Rooms} on one node: a concurrent map of rooms by key, and each session's rooms. */
final class LocalRooms implements Rooms {

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Map<ClientSession, Map<String, Room>> memberships = new ConcurrentHashMap<>();

    /** Rooms remembered from an earlier run (their topic, their history). */
    void restore(Room room) {
        rooms.put(room.key(), room);
    }

    @Override
    public Room open(String key, String name) {
        return rooms.computeIfAbsent(key, k -> new Room(k, name, null, false));
    }

    @Override
    public Room find(String key) {
        return rooms.get(key);
    }

    @Override
    public Collection<Room> all() {
        return rooms.values();
    }

    @Override
    public Map<String, Room> of(ClientSession session) {
        Map<String, Room> mine = memberships.get(session);
        return mine == null ? Map.of() : mine;
    }

    @Override
    public void joined(ClientSession session, Room room) {
        memberships.computeIfAbsent(session, s -> new ConcurrentHashMap<>()).put(room.key(), room);
    }

    @Override
    public void parted(ClientSession session, Room room) {
        Map<String, Room> mine = memberships.get(session);
        if (mine != null) {
            mine.remove(room.key(), room);
        }
    }

    @Override
    public Collection<Room> forget(ClientSession session) {
        Map<String, Room> mine = memberships.remove(session);
        return mine == null ? List.of() : List.copyOf(mine.values());
    }

    @Override
    public void dropIfUnused(Room room) {
        room.lock().lock();
        try {
            if (!room.removed() && !room.worthKeeping()) {
                room.markRemoved();
                rooms.remove(room.key(), room);
            }
        } finally {
            room.lock().unlock();
        }
    }

    @Override
    public void drop(Room room) {
        room.lock().lock();
        try {
            room.markRemoved();
            rooms.remove(room.key(), room);
        } finally {
            room.lock().unlock();
        }
    }
}
