package io.socketchat.store.postgres;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** The store's log lines while a test runs. */
final class StoreLog implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("io.socketchat.store");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    StoreLog() {
        appender.start();
        logger.addAppender(appender);
    }

    /** The formatted lines that contain {@code part}. */
    List<String> containing(String part) {
        synchronized (appender.list) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).filter(line -> line.contains(part)).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
