package io.socketchat.commands;

import io.socketchat.protocol.Quoted;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code MSG <text>}: every other logged-in user reads {@code MSG <sender> <text>}; no echo.
 * Logged as {@code [MSG] from=<sender> bytes=<UTF-8 length>}, with {@code text="..."} added
 * only when the operator asked for message text in the log.
 */
public final class MsgCommand implements CommandHandler {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.commands");
    private static final CommandSpec SPEC = CommandSpec.of("MSG").withMinArguments(1, "MSG <text>").markNonBlocking();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        String sender = context.sender().name();
        String text = context.argument();
        context.chat().broadcastMessage(context.sender(), text);
        if (log.isInfoEnabled()) {
            if (context.chat().logsMessageText()) {
                log.info("[MSG] from={} bytes={} text={}", sender, MessageLog.utf8Length(text), Quoted.json(text));
            } else {
                log.info("[MSG] from={} bytes={}", sender, MessageLog.utf8Length(text));
            }
        }
    }
}
