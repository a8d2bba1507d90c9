package io.socketchat.server.spi;

import java.util.Locale;

/**
 * A command's entry in the server's command table.
 *
 * @param word               the command word, matched case-insensitively; stored upper case
 * @param minArguments       how many blank-separated arguments the command needs, the last
 *                           one being the rest of the line; fewer gets {@code ERR usage: <usage>}
 * @param allowedBeforeLogin whether a client that has not logged in may use it
 * @param usage              how to call it, e.g. {@code DM <username> <text>}
 * @param nonBlocking        the handler never blocks (no I/O, no lock held by a slow party, no
 *                           sleep): the server may run it on the I/O thread that read the line,
 *                           with no hand-off to the connection's own virtual thread. Declare it
 *                           with {@link #markNonBlocking()}; a handler that blocks while so
 *                           marked stalls every connection of that I/O thread. Default false:
 *                           the handler runs on the connection's virtual thread, where blocking
 *                           is fine (SPI 1.1)
 */
public record CommandSpec(String word, int minArguments, boolean allowedBeforeLogin, String usage,
                          boolean nonBlocking) {

    public CommandSpec {
        if (word == null || word.isEmpty() || !word.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException("a command word is printable ASCII without spaces: " + word);
        }
        word = word.toUpperCase(Locale.ROOT);
        if (minArguments < 0) {
            throw new IllegalArgumentException("minArguments must not be negative: " + minArguments);
        }
        if (usage == null || usage.isBlank()) {
            usage = word;
        }
    }

    /** A command that may block: it runs on its connection's virtual thread (as in SPI 1.0). */
    public CommandSpec(String word, int minArguments, boolean allowedBeforeLogin, String usage) {
        this(word, minArguments, allowedBeforeLogin, usage, false);
    }

    /** A command for logged-in users that takes no arguments. */
    public static CommandSpec of(String word) {
        return new CommandSpec(word, 0, false, word);
    }

    public CommandSpec withMinArguments(int count, String usageText) {
        return new CommandSpec(word, count, allowedBeforeLogin, usageText, nonBlocking);
    }

    public CommandSpec permitBeforeLogin() {
        return new CommandSpec(word, minArguments, true, usage, nonBlocking);
    }

    /** Declares that the handler never blocks, so it may run on the I/O thread (see {@link #nonBlocking}). */
    public CommandSpec markNonBlocking() {
        return new CommandSpec(word, minArguments, allowedBeforeLogin, usage, true);
    }
}
