package io.socketchat.commands.hardening;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Collects what the server logs while a test runs (logback is the test-scope binding). */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private final Level previousLevel;
    private final boolean previousAdditivity;

    /**
     * Captures INFO and above whatever logback-test.xml says (it keeps the console at WARN), and
     * keeps the captured events off the console meanwhile.
     */
    private LogCapture(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        this.previousLevel = logger.getLevel();
        this.previousAdditivity = logger.isAdditive();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
    }

    /** Captures the server core's log ({@code io.socketchat.server}). */
    public static LogCapture server() {
        return new LogCapture("io.socketchat.server");
    }

    /** Captures the built-in commands' log ({@code io.socketchat.commands}: {@code [MSG]}, {@code [DM]}). */
    public static LogCapture commands() {
        return new LogCapture("io.socketchat.commands");
    }

    /** Formatted messages logged so far that start with the tag, e.g. {@code [FLOOD]}. */
    public List<String> tagged(String tag) {
        synchronized (appender) { // AppenderBase.doAppend adds under this lock
            return appender.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(message -> message.startsWith(tag))
                    .toList();
        }
    }

    /** Every formatted message logged so far. */
    public List<String> all() {
        return tagged("");
    }

    @Override
    public void close() {
        logger.setAdditive(previousAdditivity);
        logger.setLevel(previousLevel);
        logger.detachAppender(appender);
        appender.stop();
    }
}
