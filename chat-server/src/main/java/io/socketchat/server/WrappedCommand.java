package io.socketchat.server;

import io.socketchat.server.spi.CommandHandler;

/**
 * A command handler that adds something around another one (the metrics' timing) and must not
 * hide it: logs and listings name the {@link #wrapped()} handler, so a failing plugin's
 * {@code [ERROR] … handler=} line still names the plugin's class and module.
 */
public interface WrappedCommand extends CommandHandler {

    /** The handler that does the work. */
    CommandHandler wrapped();

    /** The innermost handler of {@code handler}: itself unless it wraps another. */
    static CommandHandler unwrap(CommandHandler handler) {
        CommandHandler inner = handler;
        while (inner instanceof WrappedCommand wrapper) {
            inner = wrapper.wrapped();
        }
        return inner;
    }
}
