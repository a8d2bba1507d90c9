/**
 * The command and observer SPI: how a command word becomes behaviour, and how a module
 * watches what happens in the chat. Built-in commands (LOGIN, MSG,
 * DM, WHO, PING, and the room commands) and third-party plugins implement the same interface and are found the
 * same way, through {@link java.util.ServiceLoader}: a module declares
 * {@code provides io.socketchat.server.spi.CommandHandler with ...}. This package is all a
 * handler ever sees of the server; the server's internals are in packages the module
 * {@code io.socketchat.server} does not export, so the module system keeps plugins out of
 * them (not even reflection gets in).
 *
 * <h2>Writing a plugin</h2>
 * A plugin is one modular jar (it has a {@code module-info.class}) that requires
 * {@code io.socketchat.server} and provides {@link io.socketchat.server.spi.CommandHandler}:
 * <pre>{@code
 * module com.example.roll {
 *     requires io.socketchat.server;
 *     provides io.socketchat.server.spi.CommandHandler with com.example.roll.RollCommand;
 * }
 * }</pre>
 * Compile it against the chat-server jar of the release it targets (Maven scope
 * {@code provided}: the server supplies the module at run time) and drop the jar into the
 * server's plugin directory ({@code --plugins DIR}, default {@code plugins}). At start the
 * server loads each jar into its own module layer and logs {@code [PLUGIN] loaded jar=...
 * commands=...}, or {@code [PLUGIN] error jar=... reason=...} and goes on without it. A
 * plugin may require only modules the server already has: the JDK,
 * {@code io.socketchat.server}, {@code io.socketchat.protocol} (line and reply helpers) and
 * {@code org.slf4j} (logging); bundle anything else into the plugin jar's own packages.
 * A plugin is refused when it is not a modular jar, claims a command word another command
 * already has, shares a package or module name with the server or an earlier plugin (jars
 * load in file name order), needs a module the server does not have, throws from its
 * constructor, or was built for another SPI major version.
 *
 * <h2>What a handler gets</h2>
 * A {@link io.socketchat.server.spi.CommandHandler} declares its {@link
 * io.socketchat.server.spi.CommandSpec}: the word (matched ignoring case), how many
 * arguments it needs, whether it may run before login, and its usage text. The core checks
 * all of that before the handler runs and answers {@code ERR unknown-cmd},
 * {@code ERR not-logged-in} or {@code ERR usage: <usage>} itself. The handler then receives
 * a {@link io.socketchat.server.spi.CommandContext}:
 * <ul>
 *   <li>{@link io.socketchat.server.spi.CommandContext#sender()}: the {@link
 *       io.socketchat.server.spi.Session} that sent the line (its name once logged in, its
 *       remote address, {@code send(line)});</li>
 *   <li>{@link io.socketchat.server.spi.CommandContext#argument()} and {@link
 *       io.socketchat.server.spi.CommandContext#arguments(int)}: the rest of the line,
 *       whole or split at blanks;</li>
 *   <li>{@link io.socketchat.server.spi.CommandContext#reply(String)} and {@link
 *       io.socketchat.server.spi.CommandContext#replyError(String)}: answer the sender;</li>
 *   <li>{@link io.socketchat.server.spi.CommandContext#chat()}: the {@link
 *       io.socketchat.server.spi.Chat}: the chat's own lobby message and direct message
 *       ({@code broadcastMessage}, {@code directMessage}: the protocol's {@code MSG} and
 *       {@code DM} lines, reported to observers), a line of the handler's own to a named
 *       user ({@code sendTo}) or to every logged-in user but one ({@code broadcast}), or the
 *       list of users.</li>
 * </ul>
 * Handlers never see the transport: the same handler serves TCP clients today and other
 * transports later. Lines are text without a line terminator; the core appends it.
 *
 * <h2>Threading rules</h2>
 * <ul>
 *   <li>The server creates one instance of each handler at start, through its public
 *       no-argument constructor (or a public static {@code provider()} method), and calls it
 *       for every matching line of every client.</li>
 *   <li>A handler's {@code handle} runs on a virtual thread of the sending connection, one
 *       line at a time, in the order the client sent them (interleaved correctly with the
 *       connection's other commands). Replies and deliveries are queued and written when the
 *       line's chunk of input is handled, never inline. A delivery to a recipient whose
 *       queue is full while it is still reading waits here for room (back-pressure, at most
 *       2 s); a recipient that stopped reading is disconnected instead. The context is meant
 *       for the call: a handler that keeps it to answer later, from a thread of its own, gets
 *       its lines written at once, and there a full queue cuts its client off. A handler whose
 *       spec declares {@link io.socketchat.server.spi.CommandSpec#markNonBlocking()} may run
 *       on the I/O thread that read the line instead, with no hand-off (the built-in
 *       commands do): it must never block, or every connection of that thread waits (SPI 1.1). Nothing waits on an observer.</li>
 *   <li>Many connections call the same handler instance at once: keep it stateless or
 *       thread-safe (e.g. {@link java.util.concurrent.ThreadLocalRandom}, concurrent
 *       collections, atomics).</li>
 *   <li>An exception (or error, such as an {@code AssertionError}) thrown from {@code handle}
 *       is logged with its stack trace and answered with {@code ERR internal-error} to that
 *       client only; the session and every other client go on.</li>
 * </ul>
 *
 * <h2>Observing the chat</h2>
 * A {@link io.socketchat.server.spi.ChatObserver} receives {@link
 * io.socketchat.server.spi.ChatEvent}s: a session logged in, a lobby message or a direct
 * message was delivered, a session left (with its reason). A plugin jar provides one with
 * {@code provides io.socketchat.server.spi.ChatObserver with ...} (beside command handlers
 * or alone). Threading rules:
 * <ul>
 *   <li>Each observer has its own queue (65,536 events) and its own virtual thread: {@code
 *       observe} is called one event at a time, never on an I/O loop or a client's thread, and
 *       may block (a database write) without slowing the chat.</li>
 *   <li>A session's events arrive in order: its {@code LoggedIn}, its messages as it sent
 *       them, its {@code Left}. Events of different sessions arrive in the order the server
 *       accepted them.</li>
 *   <li>An observer that throws, or falls a whole queue behind, is logged once
 *       ({@code [EVENTS] ...}) and gets no more events; nothing is propagated and the
 *       chat never waits.</li>
 * </ul>
 *
 * <h2>What a handler must not do</h2>
 * <ul>
 *   <li>Block for long: a slow {@code handle} holds up its own client's next line (others are
 *       not affected). Do long work on your own thread and {@code send} the result later.</li>
 *   <li>Hold a lock while calling into {@code Chat} or {@code Session}, or call
 *       {@code System.exit}.</li>
 *   <li>Keep a {@code Session} after the client has gone (sending to it is then ignored, but
 *       the reference keeps memory alive), or keep a {@code CommandContext} after
 *       {@code handle} returns.</li>
 *   <li>Write to the client any line that breaks the wire contract: errors are one
 *       {@code ERR <code>} line, use {@code replyError}. Never reuse a built-in reply shape
 *       ({@code MSG}, {@code DM}, {@code INFO}, ...) for something else.</li>
 * </ul>
 *
 * <h2>Versioning</h2>
 * This package is versioned by {@link io.socketchat.server.spi.SpiVersion}
 * ({@code MAJOR.MINOR}, now {@code 1.4}; 1.1 added {@code ChatEvent}, {@code ChatObserver},
 * {@code Chat.broadcastMessage}, {@code Chat.directMessage} and {@code CommandSpec.markNonBlocking};
 * 1.2 added rooms and history ({@code Chat.joinRoom}, {@code partRoom}, {@code say},
 * {@code setTopic}, {@code rooms}, {@code history} and the room events) and
 * {@code CommandContext.replyAll}); 1.3 added accounts ({@code Chat.register}, {@code authenticate},
 * {@code changePassword}, {@code unregister}, {@code accountName}, {@code keepOffline} and
 * {@code Chat.AccountResult}; {@code HISTORY @user} through {@code Chat.history}, with the
 * {@code RoomResult} constants {@code NOT_AUTHENTICATED} and {@code INVALID_USERNAME}) and what a
 * handler may ask of its session ({@code Session.isAuthenticated}, {@code isSecure},
 * {@code clientAddress}); 1.4 added the results {@code LoginResult.CLUSTER_UNAVAILABLE} and
 * {@code AccountResult.CLUSTER_UNAVAILABLE} of a cluster node that cannot reach the others. Within one major version changes only add
 * (types, and methods with defaults), and the minor version goes up. The SPI version rides
 * in the module version of {@code io.socketchat.server} as build metadata (e.g.
 * {@code 0.1.0+spi.1.4}); {@code javac} copies it into the plugin's
 * {@code module-info.class} as the compiled version of {@code requires io.socketchat.server}.
 * The server refuses a plugin compiled for another major version, or for a newer minor
 * version than it offers, with a clear reason. Nothing to configure: build against the
 * chat-server jar you target. Check what a plugin records with
 * {@code jar --describe-module --file plugin.jar}.
 */
package io.socketchat.server.spi;
