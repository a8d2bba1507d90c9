package io.socketchat.commands;

import io.socketchat.protocol.Replies;
import io.socketchat.server.spi.Chat.AccountResult;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;

import java.util.List;

/**
 * {@code AUTH <name> <password>}, instead of {@code LOGIN}: logs in as an account. The chat
 * queues {@code OK} and then the DMs kept for it; any failure is one {@code ERR} line. A plain
 * protocol command, so other front ends (an IRC dialect's {@code PASS} or SASL PLAIN, the web
 * page) send the same line. It hashes, so it runs on the connection's virtual thread.
 */
public final class AuthCommand implements CommandHandler {

    private static final CommandSpec SPEC = CommandSpec.of("AUTH").permitBeforeLogin()
            .withMinArguments(2, "AUTH <name> <password>");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        List<String> arguments = context.arguments(2);
        AccountResult result = context.chat().authenticate(context.sender(), arguments.get(0), arguments.get(1), Replies.OK);
        if (result != AccountResult.OK) {
            context.replyError(result.errorCode());
        }
    }
}
