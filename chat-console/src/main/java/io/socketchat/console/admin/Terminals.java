package io.socketchat.console.admin;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Optional;

/** Finds out whether a person sits at this process's terminal, and opens it if so. */
final class Terminals {

    private Terminals() {
    }

    /**
     * The system terminal when both stdin and stdout are a terminal; empty under a service
     * manager, CI, {@code nohup} or a pipe, where there must be no prompt.
     */
    static Optional<Terminal> openInteractive() {
        if (!consoleIsTerminal()) {
            return Optional.empty(); // decided without touching stdin (a test runner may own it)
        }
        try {
            Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).name("chat-server").build();
            if (terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
                terminal.close();
                return Optional.empty();
            }
            return Optional.of(terminal);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Up to JDK 21 {@code System.console()} is null unless stdin and stdout are a terminal;
     * from JDK 22 it may exist anyway and {@code Console.isTerminal()} tells (called
     * reflectively: the code is compiled for 21).
     */
    private static boolean consoleIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
