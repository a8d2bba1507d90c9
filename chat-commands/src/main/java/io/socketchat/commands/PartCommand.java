package io.socketchat.commands;

import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;

/** {@code PART #room}: {@code OK}; the other members read {@code PART #room <name>}. */
public final class PartCommand implements CommandHandler {

    private static final CommandSpec SPEC = CommandSpec.of("PART").withMinArguments(1, "PART #room").markNonBlocking();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        RoomReplies.answer(context, context.chat().partRoom(context.sender(), context.argument()), true);
    }
}
