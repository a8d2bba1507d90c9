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

    /** Stops logback so the asynchronous appender writes out what it holds. */
    static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
