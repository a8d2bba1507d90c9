package io.socketchat.console;

import ch.qos.logback.classic.Level;

/** The levels {@code --log-level} accepts. */
enum LogLevel {
    TRACE(Level.TRACE), DEBUG(Level.DEBUG), INFO(Level.INFO), WARN(Level.WARN), ERROR(Level.ERROR), OFF(Level.OFF);

    private final Level level;

    LogLevel(Level level) {
        this.level = level;
    }

    void apply() {
        Logging.setRootLevel(level);
    }
}
