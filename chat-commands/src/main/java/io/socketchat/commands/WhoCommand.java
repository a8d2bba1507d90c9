package io.socketchat.commands;

import io.socketchat.protocol.ErrorCodes;
import io.socketchat.protocol.Replies;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code WHO}: one {@code USER <name>} line per logged-in user, the asker included, sorted.
 *
 * <p>The listing is queued as one block, sized before it is built: with thousands of users a
 * WHO is tens of kilobytes, and a client asking faster than it reads is cut off by its send
 * queue's limit instead of holding a line object per user per request. A listing larger than
 * the whole send queue is answered {@code ERR reply-too-large}.
 */
public final class WhoCommand implements CommandHandler {

    private static final CommandSpec SPEC = CommandSpec.of("WHO").markNonBlocking();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        List<String> names = context.chat().userNames();
        List<String> lines = new ArrayList<>(names.size());
        for (String name : names) {
            lines.add(Replies.user(name));
        }
        if (!context.sender().sendAll(lines)) {
            context.replyError(ErrorCodes.REPLY_TOO_LARGE);
        }
    }
}
