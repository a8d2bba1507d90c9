package io.socketchat.console;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** The few things the command line does to logback: set the level, flush at exit. */
final class Logging {

    private Logging() {
    }

    static void setRootLevel(ch.qos.logback.classic.Level level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(level);
        }
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
