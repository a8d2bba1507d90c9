package io.socketchat.commands;

import io.socketchat.protocol.HistoryTimes;
import io.socketchat.protocol.Replies;
import io.socketchat.server.spi.Chat.RoomResult;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import io.socketchat.server.spi.HistoryEntry;
import io.socketchat.server.spi.RoomHistory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code HISTORY #room [<count>] [BEFORE <id>]} (members only), {@code HISTORY * ...} (the
 * lobby) and {@code HISTORY @user ...} (the DMs between an authenticated sender and that account;
 * {@code ERR not-authenticated} for guests): {@code HIST <scope> <id> <time> <sender> <text>} lines, oldest first, then
 * {@code END HISTORY <scope>}. The count defaults to {@value #DEFAULT_COUNT}; more than the
 * server's page limit is cut to it. To page back, ask again {@code BEFORE} the smallest id seen.
 * It reads the store, so it runs on the connection's virtual thread.
 */
public final class HistoryCommand implements CommandHandler {

    static final int DEFAULT_COUNT = 50;
    private static final String USAGE = "HISTORY #room [<count>] [BEFORE <id>]";
    private static final CommandSpec SPEC = CommandSpec.of("HISTORY").withMinArguments(1, USAGE);

    /** What the arguments ask for; null from {@link #parse} when they are not a valid request. */
    record Request(String scope, int count, long beforeId) {
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        Request request = parse(context.arguments(5));
        if (request == null) {
            context.reply(Replies.usage(USAGE));
            return;
        }
        RoomHistory history = context.chat().history(context.sender(), request.scope(), request.count(), request.beforeId());
        if (history.result() != RoomResult.OK) {
            context.replyError(history.result().errorCode());
            return;
        }
        List<String> lines = new ArrayList<>(history.entries().size() + 1);
        for (HistoryEntry entry : history.entries()) {
            lines.add(Replies.history(history.scope(), entry.id(), HistoryTimes.format(entry.time()), entry.sender(),
                    entry.text()));
        }
        lines.add(Replies.endHistory(history.scope()));
        if (!context.sender().sendAll(lines)) {
            // Bigger than the whole send queue (a page of very long lines): line by line, each
            // waiting for room as any delivery does; the page limit bounds how many.
            lines.forEach(context::reply);
        }
    }

    static Request parse(List<String> arguments) {
        String scope = arguments.get(0);
        int count = DEFAULT_COUNT;
        long before = Long.MAX_VALUE;
        int next = 1;
        if (next < arguments.size() && !isBefore(arguments.get(next))) {
            long asked = positive(arguments.get(next));
            if (asked < 0) {
                return null;
            }
            count = (int) Math.min(asked, Integer.MAX_VALUE); // the chat cuts it to its page limit
            next++;
        }
        if (next < arguments.size()) {
            if (!isBefore(arguments.get(next)) || next + 2 != arguments.size()) {
                return null;
            }
            before = positive(arguments.get(next + 1));
            if (before < 0) {
                return null;
            }
        }
        return new Request(scope, count, before);
    }

    private static boolean isBefore(String word) {
        return word.toUpperCase(Locale.ROOT).equals("BEFORE");
    }

    /** A positive decimal number (huge ones saturate), or -1 when it is none. */
    private static long positive(String text) {
        if (text.isEmpty() || text.length() > 30 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            value = Long.MAX_VALUE; // more digits than a long: as large as it gets
        }
        return value == 0 ? -1 : value;
    }
}
