package io.socketchat.commands;

import io.socketchat.protocol.Replies;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;

/** {@code WHO}: one {@code USER <name>} line per logged-in user, the asker included, sorted. */
public final class WhoCommand implements CommandHandler {

    private static final CommandSpec SPEC = CommandSpec.of("WHO");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        for (String name : context.chat().userNames()) {
            context.reply(Replies.user(name));
        }
    }
}
