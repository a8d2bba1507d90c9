package io.socketchat.commands;

import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;

/** {@code UNREGISTER <password>}: the account goes; the session keeps its name as a guest. Hashes: virtual thread. */
public final class UnregisterCommand implements CommandHandler {

    private static final CommandSpec SPEC = CommandSpec.of("UNREGISTER").withMinArguments(1, "UNREGISTER <password>");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        AccountReplies.answer(context, context.chat().unregister(context.sender(), context.argument()));
    }
}
