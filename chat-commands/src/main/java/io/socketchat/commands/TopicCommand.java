package io.socketchat.commands;

import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;

import java.util.List;

/** {@code TOPIC #room <text>}: {@code OK}; the other members read {@code TOPIC #room <setter> <text>}. */
public final class TopicCommand implements CommandHandler {

    private static final CommandSpec SPEC = CommandSpec.of("TOPIC").withMinArguments(2, "TOPIC #room <text>").markNonBlocking();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        List<String> arguments = context.arguments(2);
        RoomReplies.answer(context, context.chat().setTopic(context.sender(), arguments.get(0), arguments.get(1)), true);
    }
}
