package io.socketchat.server.spi;

/**
 * Watches what happens in the chat (logins, leaves, messages) without being on the message
 * path: a history store, metrics, a bridge to other nodes. Found through {@link
 * java.util.ServiceLoader} ({@code provides io.socketchat.server.spi.ChatObserver with ...},
 * on the module path or in a plugin jar) or handed to {@code ChatServer.start}.
 *
 * <p>Threading: the server gives each observer its own bounded queue and its own virtual
 * thread, so {@link #observe} is called by one thread at a time, never on an I/O loop or a
 * client's thread, and may block (a database write) without slowing anyone. Events of one
 * session arrive in the order they happened: its {@link ChatEvent.LoggedIn} first, then its
 * messages in the order it sent them, then its {@link ChatEvent.Left}. Events of different
 * sessions arrive in the order the server accepted them.
 *
 * <p>An observer that throws (anything but an out-of-memory or other VM error) is logged once
 * ({@code [EVENTS] observer=... error=...}) and gets no more events. An observer that falls a
 * whole queue (65,536 events) behind is cut off the same way ({@code [EVENTS] observer=...
 * dropped=N reason=queue-full}): the chat never waits for an observer.
 */
@FunctionalInterface
public interface ChatObserver {

    /** Called once per event, in order, on this observer's own thread. */
    void observe(ChatEvent event) throws Exception;

    /** How the log names this observer; its class name unless overridden. */
    default String name() {
        return getClass().getName();
    }
}
