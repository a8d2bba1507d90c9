package io.socketchat.server.spi;

import java.time.Instant;

/**
 * Something that happened in the chat, as a {@link ChatObserver} sees it. Names are as the
 * users typed them at login; {@code remote} is the client's address as {@link
 * Session#remoteAddress()} gives it; {@code time} is when the server accepted the event.
 *
 * <p>New kinds of events may be added within a major SPI version (SPI 1.2 added the room
 * events): an observer's {@code switch} should have a {@code default} branch that ignores the
 * others. Rooms are named as first created, {@code #} included.
 */
public sealed interface ChatEvent {

    /** When the server accepted it. */
    Instant time();

    /** A session logged in under {@code name}. Always the first event of its session. */
    record LoggedIn(String name, String remote, Instant time) implements ChatEvent {
    }

    /**
     * A logged-in session left the chat. Always the last event of its session.
     *
     * @param reason as in the {@code [DISCONNECT]} log line: {@code quit}, {@code reset},
     *               {@code idle}, {@code kicked}, {@code slow}, {@code write-error},
     *               {@code shutdown}
     */
    record Left(String name, String remote, String reason, Instant time) implements ChatEvent {
    }

    /**
     * A lobby message ({@code MSG}) was delivered.
     *
     * @param recipients how many users it was queued to (the sender is never one)
     */
    record LobbyMessage(String sender, String text, int recipients, Instant time) implements ChatEvent {
    }

    /**
     * A direct message ({@code DM}) was delivered.
     *
     * @param recipient the recipient's name as it logged in (the sender may have typed another case)
     */
    record DirectMessage(String sender, String recipient, String text, Instant time) implements ChatEvent {
    }

    /**
     * A room message ({@code SAY}) was delivered.
     *
     * @param id         its history id, or 0 when the server keeps no history
     * @param recipients how many members it was queued to (the sender is never one)
     * @since SPI 1.2
     */
    record RoomMessage(String room, String sender, String text, long id, int recipients, Instant time)
            implements ChatEvent {
    }

    /**
     * A user joined a room.
     *
     * @since SPI 1.2
     */
    record RoomJoined(String room, String name, Instant time) implements ChatEvent {
    }

    /**
     * A user left a room.
     *
     * @param reason {@code part} ({@code PART}), {@code left} (the user left the chat),
     *               {@code closed} (an operator closed the room)
     * @since SPI 1.2
     */
    record RoomParted(String room, String name, String reason, Instant time) implements ChatEvent {
    }

    /**
     * A room's topic was set.
     *
     * @since SPI 1.2
     */
    record TopicChanged(String room, String setter, String topic, Instant time) implements ChatEvent {
    }
}
