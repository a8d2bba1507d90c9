/**
 * The command SPI: how a command word becomes behaviour. Built-in commands (LOGIN, MSG,
 * DM, WHO, PING) and third-party plugins implement the same interface and are found the
 * same way, through {@link java.util.ServiceLoader}: a module declares
 * {@code provides io.socketchat.server.spi.CommandHandler with ...}.
 *
 * <h2>What a handler gets</h2>
 * A {@link io.socketchat.server.spi.CommandHandler} declares its {@link
 * io.socketchat.server.spi.CommandSpec} (word, minimum arguments, whether it is allowed
 * before login, usage text). The core checks all of that once, before the handler runs, and
 * answers {@code ERR not-logged-in} or {@code ERR usage: ...} itself. The handler then
 * receives a {@link io.socketchat.server.spi.CommandContext}: the {@link
 * io.socketchat.server.spi.Session} that sent the line, its arguments, and the {@link
 * io.socketchat.server.spi.Chat} to reply, send to a named user, or broadcast. Handlers never
 * see the transport: the same handler serves TCP clients today and other transports later.
 *
 * <h2>Threading rules</h2>
 * <ul>
 *   <li>{@code handle} runs on the sending connection's own virtual thread, one line at a
 *       time, in the order the client sent them. Replies and deliveries are queued, never
 *       written inline, so sending never blocks.</li>
 *   <li>Many connections call the same handler instance at once: keep it stateless or
 *       thread-safe.</li>
 *   <li>A handler may block briefly (that delays only its own client's next line) but must
 *       not block indefinitely, must not hold a lock while calling into {@code Chat}, and
 *       must not keep a {@code Session} after the session is closed.</li>
 *   <li>An exception thrown from {@code handle} is logged with its stack trace and answered
 *       with {@code ERR internal-error}; the session goes on.</li>
 * </ul>
 *
 * <h2>Stability</h2>
 * This package is versioned by {@link io.socketchat.server.spi.SpiVersion}: within one
 * major version, changes only add methods with defaults.
 */
package io.socketchat.server.spi;
