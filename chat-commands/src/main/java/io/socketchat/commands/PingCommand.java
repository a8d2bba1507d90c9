package io.socketchat.commands;

import io.socketchat.protocol.Replies;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;

/** {@code PING}: {@code PONG}, at any time, also before login. A heartbeat and a fence. */
public final class PingCommand implements CommandHandler {

    private static final CommandSpec SPEC = CommandSpec.of("PING").permitBeforeLogin().markNonBlocking();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        context.reply(Replies.PONG);
    }
}
