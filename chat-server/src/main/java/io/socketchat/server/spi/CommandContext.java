package io.socketchat.server.spi;

import java.util.List;

/** One request being handled: who sent it, its arguments, and the chat to act on. */
public interface CommandContext {

    /** The session that sent the line. */
    Session sender();

    /** The command word, upper case. */
    String word();

    /** Everything after the command word, inner spacing kept, possibly empty. */
    String argument();

    /**
     * The argument split at runs of blanks into at most {@code limit} parts, the last part
     * being the unsplit rest (so {@code arguments(2)} of {@code "bob hi  there"} is
     * {@code ["bob", "hi  there"]}).
     */
    List<String> arguments(int limit);

    /** The chat: users, direct delivery, broadcast. */
    Chat chat();

    /** Queues a line to the sender. */
    default void reply(String line) {
        sender().send(line);
    }

    /** Queues {@code ERR <code>} to the sender. */
    default void replyError(String code) {
        sender().send("ERR " + code);
    }

    /**
     * Queues several lines to the sender as one block, as {@link Session#sendAll} does; flood
     * control charges the sender for the block by its size.
     *
     * @return false when the block is larger than the sender's send queue (nothing was queued)
     * @since SPI 1.2
     */
    default boolean replyAll(List<String> lines) {
        return sender().sendAll(lines);
    }
}
