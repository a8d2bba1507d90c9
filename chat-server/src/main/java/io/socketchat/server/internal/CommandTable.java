package io.socketchat.server.internal;

import io.socketchat.protocol.ErrorCodes;
import io.socketchat.protocol.Replies;
import io.socketchat.protocol.Request;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Command word to handler, and the checks every command shares (login state, argument
 * count) done once here so no handler repeats them.
 */
public final class CommandTable {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");

    /** The module of the built-in commands, which the server ships and trusts never to block. */
    static final String BUILT_IN_MODULE = "io.socketchat.commands";

    /** @param onLoop the handler may run on the I/O loop thread (it never blocks) */
    private record Entry(CommandSpec spec, CommandHandler handler, boolean onLoop) {
    }

    private final Map<String, Entry> entries;

    private CommandTable(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /**
     * @throws IllegalStateException when two handlers claim the same word, naming both
     */
    public static CommandTable of(List<CommandHandler> handlers) {
        Map<String, Entry> entries = new HashMap<>();
        for (CommandHandler handler : handlers) {
            CommandSpec spec = handler.spec();
            Entry previous = entries.putIfAbsent(spec.word(), new Entry(spec, handler, isBuiltIn(handler)));
            if (previous != null) {
                throw new IllegalStateException("command " + spec.word() + " is claimed twice: by "
                        + describe(previous.handler()) + " and by " + describe(handler));
            }
        }
        return new CommandTable(Map.copyOf(entries));
    }

    /**
     * A built-in command: from the server's own commands module, loaded with the server (not
     * from a plugin layer). Only these run on the I/O loop; a plugin's handler may block, so
     * it always runs on its connection's virtual thread.
     */
    private static boolean isBuiltIn(CommandHandler handler) {
        Module module = handler.getClass().getModule();
        return module.isNamed() && BUILT_IN_MODULE.equals(module.getName())
                && module.getLayer() == CommandTable.class.getModule().getLayer();
    }

    /** True when handling {@code word} never blocks: unknown words (an error reply) and built-ins. */
    boolean runsOnLoop(String word) {
        Entry entry = entries.get(word);
        return entry == null || entry.onLoop();
    }

    /** Handler class and its module, e.g. {@code com.example.Roll (module com.example.roll)}. */
    public static String describe(CommandHandler handler) {
        Class<?> type = handler.getClass();
        String module = type.getModule().isNamed() ? type.getModule().getName() : "unnamed module";
        return type.getName() + " (" + module + ")";
    }

    /** The specs of every command, sorted by word. */
    public Map<String, CommandSpec> specs() {
        Map<String, CommandSpec> specs = new TreeMap<>();
        entries.forEach((word, entry) -> specs.put(word, entry.spec()));
        return Collections.unmodifiableMap(specs);
    }

    void dispatch(ClientSession session, Request request) {
        Entry entry = entries.get(request.word());
        if (entry == null) {
            session.send(Replies.error(ErrorCodes.UNKNOWN_COMMAND));
            return;
        }
        CommandSpec spec = entry.spec();
        if (!spec.allowedBeforeLogin() && !session.isLoggedIn()) {
            session.send(Replies.error(ErrorCodes.NOT_LOGGED_IN));
            return;
        }
        if (spec.minArguments() > 0 && request.arguments(spec.minArguments()).size() < spec.minArguments()) {
            session.send(Replies.usage(spec.usage()));
            return;
        }
        try {
            entry.handler().handle(new Invocation(session, request, session.hub()));
        } catch (Exception | Error e) {
            if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
                throw fatal; // out of memory or a broken VM: nothing a reply can fix
            }
            // A plugin's AssertionError or StackOverflowError must not end the connection either.
            log.error("[ERROR] command={} user={} handler={} cause={}", spec.word(),
                    session.name() == null ? "-" : session.name(), describe(entry.handler()), e.toString(), e);
            session.send(Replies.error(ErrorCodes.INTERNAL_ERROR));
        }
    }
}
