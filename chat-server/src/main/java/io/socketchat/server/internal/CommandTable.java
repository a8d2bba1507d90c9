package io.socketchat.server.internal;

import io.socketchat.server.WrappedCommand;

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

    private record Entry(CommandSpec spec, CommandHandler handler) {
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
            Entry previous = entries.putIfAbsent(spec.word(), new Entry(spec, handler));
            if (previous != null) {
                throw new IllegalStateException("command " + spec.word() + " is claimed twice: by "
                        + describe(previous.handler()) + " and by " + describe(handler));
            }
        }
        return new CommandTable(Map.copyOf(entries));
    }

    /**
     * True when handling {@code word} never blocks, so the I/O loop may do it: unknown words
     * (an error reply) and commands whose spec declares {@link CommandSpec#nonBlocking()}. With
     * {@code loginBlocks} (a cluster's claim is a round trip), not the commands allowed before
     * login either: any of them may be the login.
     */
    boolean runsOnLoop(String word, boolean loginBlocks) {
        Entry entry = entries.get(word);
        return entry == null
                || entry.spec().nonBlocking() && !(loginBlocks && entry.spec().allowedBeforeLogin());
    }

    /** Handler class and its module, e.g. {@code com.example.Roll (module com.example.roll)}. */
    public static String describe(CommandHandler handler) {
        Class<?> type = WrappedCommand.unwrap(handler).getClass();
        String module = type.getModule().isNamed() ? type.getModule().getName() : "unnamed module";
        return type.getName() + " (" + module + ")";
    }

    /** The specs of every command, sorted by word. */
    public Map<String, CommandSpec> specs() {
        Map<String, CommandSpec> specs = new TreeMap<>();
        entries.forEach((word, entry) -> specs.put(word, entry.spec()));
        return Collections.unmodifiableMap(specs);
    }

    void dispatch(ClientSession session, Request request, BatchedChat.Target chat, FlushBatch batch) {
        Entry entry = entries.get(request.word());
        if (entry == null) {
            session.send(Replies.error(ErrorCodes.UNKNOWN_COMMAND), batch);
            return;
        }
        CommandSpec spec = entry.spec();
        if (!spec.allowedBeforeLogin() && !session.isLoggedIn()) {
            session.send(Replies.error(ErrorCodes.NOT_LOGGED_IN), batch);
            return;
        }
        if (spec.minArguments() > 0 && request.arguments(spec.minArguments()).size() < spec.minArguments()) {
            session.send(Replies.usage(spec.usage()), batch);
            return;
        }
        Invocation invocation = new Invocation(session, request, chat, batch);
        try {
            entry.handler().handle(invocation);
        } catch (Exception | Error e) {
            if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
                throw fatal; // out of memory or a broken VM: nothing a reply can fix
            }
            // A plugin's AssertionError or StackOverflowError must not end the connection either.
            log.error("[ERROR] command={} user={} handler={} cause={}", spec.word(),
                    session.name() == null ? "-" : session.name(), describe(entry.handler()), e.toString(), e);
            session.send(Replies.error(ErrorCodes.INTERNAL_ERROR), batch);
        } finally {
            invocation.finished();
        }
    }
}
