package io.socketchat.commands;

import io.socketchat.protocol.ErrorCodes;
import io.socketchat.protocol.Replies;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code WHO}: one {@code USER <name>} line per logged-in user, the asker included, sorted.
 *
 * <p>The listing is queued as one block, sized before it is built: with thousands of users a
 * WHO is tens of kilobytes, and a client asking faster than it reads is cut off by its send
 * queue's limit instead of holding a line object per user per request. A listing larger than
 * the whole send queue is answered {@code ERR reply-too-large}. Until someone logs in or
 * leaves (the chat then hands out a new name list), every WHO sends the same list instance,
 * so the server encodes it once and every asker's queue shares that one block.
 */
public final class WhoCommand implements CommandHandler {

    private static final CommandSpec SPEC = CommandSpec.of("WHO").markNonBlocking();

    /** The lines made from one name list, kept while that list is current. */
    private record Listing(List<String> names, List<String> lines) {
    }

    private volatile Listing listing = new Listing(List.of(), List.of());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        if (!context.replyAll(linesFor(context.chat().userNames()))) {
            context.replyError(ErrorCodes.REPLY_TOO_LARGE);
        }
    }

    private List<String> linesFor(List<String> names) {
        Listing current = listing;
        if (current.names() != names) {
            List<String> lines = new ArrayList<>(names.size());
            for (String name : names) {
                lines.add(Replies.user(name));
            }
            current = new Listing(names, Collections.unmodifiableList(lines));
            listing = current;
        }
        return current.lines();
    }
}
