package io.socketchat.server.spi;

import java.util.List;

/**
 * The answer to a history request.
 *
 * @param result  {@link Chat.RoomResult#OK}, or why there is no answer
 * @param scope   the room as first created ({@code #} included), or {@code *} for the lobby
 * @param entries the messages, oldest first; empty unless {@code result} is OK
 * @since SPI 1.2
 */
public record RoomHistory(Chat.RoomResult result, String scope, List<HistoryEntry> entries) {

    public RoomHistory {
        entries = List.copyOf(entries);
    }

    public static RoomHistory refused(Chat.RoomResult result, String scope) {
        return new RoomHistory(result, scope, List.of());
    }
}
