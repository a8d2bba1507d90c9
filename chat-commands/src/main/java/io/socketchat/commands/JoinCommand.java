package io.socketchat.commands;

import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;

/**
 * {@code JOIN #room}: {@code OK}, the member listing, the topic and the newest history (all
 * sent by the chat, before any line of the room); the other members read
 * {@code JOIN #room <name>}. It may read the history from disk, so it runs on the connection's
 * virtual thread, never on an I/O loop.
 */
public final class JoinCommand implements CommandHandler {

    private static final CommandSpec SPEC = CommandSpec.of("JOIN").withMinArguments(1, "JOIN #room");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        RoomReplies.answer(context, context.chat().joinRoom(context.sender(), context.argument()), false);
    }
}
