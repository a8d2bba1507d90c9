package io.socketchat.console;

import ch.qos.logback.classic.LoggerContext;
import io.socketchat.console.logging.BatchingConsoleAppender;
import io.socketchat.console.logging.JsonLineEncoder;
import org.slf4j.LoggerFactory;

/** The few things the command line does to logback: set the level and the format, flush at exit. */
final class Logging {

    /** The appender's name in logback.xml. */
    private static final String CONSOLE_APPENDER = "CONSOLE";

    private Logging() {
    }

    static void setRootLevel(ch.qos.logback.classic.Level level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(level);
        }
    }

    /**
     * Puts the console appender's encoder for {@code format} in place: logback.xml configures
     * text; JSON swaps in a {@link JsonLineEncoder} behind the same non-blocking appender.
     */
    static void useFormat(LogFormat format) {
        if (format != LogFormat.JSON || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        if (context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(CONSOLE_APPENDER)
                instanceof BatchingConsoleAppender console) {
            JsonLineEncoder json = new JsonLineEncoder();
            json.setContext(context);
            json.start();
            console.setEncoder(json);
        }
    }

    /** Log lines the console appender dropped since start (0 when logback is not in charge). */
    static long droppedLines() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(CONSOLE_APPENDER)
                instanceof BatchingConsoleAppender console) {
            return console.droppedTotal();
        }
        return 0;
    }

    /**
     * Stops logback so the console appender writes out what it holds. Bounded: the appender
     * waits at most its maxFlushTime (1 s in logback.xml) for a stdout nobody reads, and a
     * second caller (the signal hook and the main thread both flush at exit) waits no longer.
     */
    static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
