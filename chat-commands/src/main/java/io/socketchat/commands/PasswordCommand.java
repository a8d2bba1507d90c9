package io.socketchat.commands;

import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;

import java.util.List;

/** {@code PASSWORD <old> <new>}: an authenticated session changes its password. Hashes: virtual thread. */
public final class PasswordCommand implements CommandHandler {

    private static final CommandSpec SPEC = CommandSpec.of("PASSWORD").withMinArguments(2, "PASSWORD <old> <new>");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        List<String> arguments = context.arguments(2);
        AccountReplies.answer(context, context.chat().changePassword(context.sender(), arguments.get(0), arguments.get(1)));
    }
}
