package io.socketchat.console.admin;

/**
 * What one operator command printed and how it ended.
 *
 * @param exitCode 0 success, 1 the command failed (unknown user, port taken), 2 usage error
 * @param out      standard output, lines ending in {@code \n}
 * @param err      error output, lines ending in {@code \n}
 */
public record CommandResult(int exitCode, String out, String err) {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static CommandResult ok(String out) {
        return new CommandResult(OK, out, "");
    }
}
