package io.socketchat.server.internal;

import java.util.Collection;
import java.util.Map;

/**
 * Which rooms exist and who is in which. Rooms are held by their key ({@code RoomNames.key}).
 *
 * <p>{@link LocalRooms} keeps this node's rooms and members, also in a cluster: each node fans a
 * room's line out to its own members ({@link Delivery#toMembers}), and what the other nodes' users
 * joined is {@link RemoteRooms}', told by their payloads.
 */
interface Rooms {

    /** The room under {@code key}, created with {@code name} when absent. */
    Room open(String key, String name);

    /** The room under {@code key}, or {@code null}. */
    Room find(String key);

    /** Every room known: with members, a topic or history. */
    Collection<Room> all();

    /** The rooms {@code session} is in, by key (a live view; changes only through {@link #joined}/{@link #parted}). */
    Map<String, Room> of(ClientSession session);

    /** Records that {@code session} is in {@code room}: call with the room's lock held, after {@link Room#add}. */
    void joined(ClientSession session, Room room);

    /** Records that {@code session} left {@code room}: call with the room's lock held, after {@link Room#remove}. */
    void parted(ClientSession session, Room room);

    /** Forgets {@code session}'s memberships (it left the chat); returns the rooms it was in. */
    Collection<Room> forget(ClientSession session);

    /** Drops {@code room} if it has no members, topic or history. */
    void dropIfUnused(Room room);

    /** Drops {@code room} whatever it holds (an operator closed and purged it). */
    void drop(Room room);
}
