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
 */
public record CommandSpec(String word, int minArguments, boolean allowedBeforeLogin, String usage) {

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

    /** A command for logged-in users that takes no arguments. */
    public static CommandSpec of(String word) {
        return new CommandSpec(word, 0, false, word);
    }

    public CommandSpec withMinArguments(int count, String usageText) {
        return new CommandSpec(word, count, allowedBeforeLogin, usageText);
    }

    public CommandSpec permitBeforeLogin() {
        return new CommandSpec(word, minArguments, true, usage);
    }
}
