package io.socketchat.commands;

import io.socketchat.protocol.ErrorCodes;
import io.socketchat.protocol.Replies;
import io.socketchat.protocol.Usernames;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;

/**
 * {@code LOGIN <name>}: the whole rest of the line is the name, so {@code LOGIN a b} is invalid.
 * A name that is an account answers {@code ERR name-registered} (the client may retry with
 * {@code AUTH}); that check is the chat's in-memory directory, so this still never blocks.
 */
public final class LoginCommand implements CommandHandler {

    private static final CommandSpec SPEC = CommandSpec.of("LOGIN").permitBeforeLogin().markNonBlocking();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        if (context.sender().isLoggedIn()) {
            context.replyError(ErrorCodes.ALREADY_LOGGED_IN);
            return;
        }
        String name = context.argument();
        if (!Usernames.isValid(name)) {
            context.replyError(ErrorCodes.INVALID_USERNAME);
            return;
        }
        if (context.chat().accountName(name) != null) {
            context.replyError(ErrorCodes.NAME_REGISTERED);
            return;
        }
        switch (context.chat().login(context.sender(), name, Replies.OK)) {
            case OK -> { /* the confirmation was queued by login */ }
            case NAME_TAKEN -> context.replyError(ErrorCodes.USERNAME_TAKEN);
            case ALREADY_LOGGED_IN -> context.replyError(ErrorCodes.ALREADY_LOGGED_IN);
            case CLUSTER_UNAVAILABLE -> context.replyError(ErrorCodes.CLUSTER_UNAVAILABLE);
        }
    }
}
