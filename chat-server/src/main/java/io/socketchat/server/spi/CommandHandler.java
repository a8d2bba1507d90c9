package io.socketchat.server.spi;

/**
 * One chat command. Implementations are found through {@link java.util.ServiceLoader} and
 * need a public no-argument constructor (or a public static {@code provider()} method).
 *
 * <p>See the package documentation for the threading rules.
 */
public interface CommandHandler {

    /** What this command is called and what the core checks before {@link #handle} runs. */
    CommandSpec spec();

    /**
     * Carries out one request. The core has already checked the login state and the
     * argument count against {@link #spec()}.
     *
     * @throws Exception anything unexpected; the client gets {@code ERR internal-error}
     */
    void handle(CommandContext context) throws Exception;
}
