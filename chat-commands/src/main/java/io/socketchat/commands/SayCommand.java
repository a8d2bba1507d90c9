package io.socketchat.commands;

import io.socketchat.protocol.Quoted;
import io.socketchat.server.spi.Chat.RoomResult;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * {@code SAY #room <text>}: every other member reads {@code SAY #room <sender> <text>}; no echo.
 * Logged as {@code [SAY] from=<sender> room=<room> bytes=<UTF-8 length>}, with {@code text="..."}
 * only when the operator asked for message text in the log.
 */
public final class SayCommand implements CommandHandler {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.commands");
    private static final CommandSpec SPEC = CommandSpec.of("SAY").withMinArguments(2, "SAY #room <text>").markNonBlocking();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        List<String> arguments = context.arguments(2);
        String room = arguments.get(0);
        String text = arguments.get(1);
        RoomResult result = context.chat().say(context.sender(), room, text);
        if (!RoomReplies.answer(context, result, false) || !log.isInfoEnabled()) {
            return;
        }
        String sender = context.sender().name();
        if (context.chat().logsMessageText()) {
            log.info("[SAY] from={} room={} bytes={} text={}", sender, room, MessageLog.utf8Length(text), Quoted.json(text));
        } else {
            log.info("[SAY] from={} room={} bytes={}", sender, room, MessageLog.utf8Length(text));
        }
    }
}
