package io.socketchat.commands;

import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;

/**
 * {@code REGISTER <password>}, by a logged-in guest: the name it holds becomes an account with
 * that password. It hashes the password, so it runs on the connection's virtual thread.
 */
public final class RegisterCommand implements CommandHandler {

    private static final CommandSpec SPEC = CommandSpec.of("REGISTER").withMinArguments(1, "REGISTER <password>");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        AccountReplies.answer(context, context.chat().register(context.sender(), context.argument()));
    }
}
