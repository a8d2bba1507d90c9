package io.socketchat.server;

import java.util.Map;

/**
 * What the chat did since start, for monitoring: counted with {@code LongAdder}s where it
 * happens and read when asked, so a metrics endpoint needs no chat events (no event is built
 * and no observer thread woken per message).
 *
 * @param logins             sessions that logged in
 * @param leaves             logged-in sessions that left, by reason ({@code quit}, {@code reset},
 *                           {@code idle}, {@code kicked}, {@code slow}, {@code write-error},
 *                           {@code shutdown}), sorted by reason
 * @param lobbyMessages      {@code MSG}s delivered
 * @param directMessages     {@code DM}s delivered
 * @param roomMessages       {@code SAY}s delivered
 * @param deliveries         messages queued to recipients (a lobby or room message once per recipient)
 * @param deliveredTextBytes UTF-8 bytes of message text queued to recipients
 */
public record ChatCounts(long logins, Map<String, Long> leaves, long lobbyMessages, long directMessages,
                         long roomMessages, long deliveries, long deliveredTextBytes) {

    public ChatCounts {
        leaves = Map.copyOf(leaves);
    }
}
