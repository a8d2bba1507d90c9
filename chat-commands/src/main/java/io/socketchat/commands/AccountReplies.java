package io.socketchat.commands;

import io.socketchat.server.spi.Chat.AccountResult;
import io.socketchat.server.spi.CommandContext;

/** The one answer of an account command: {@code OK}, or {@code ERR <code>}. */
final class AccountReplies {

    private AccountReplies() {
    }

    static void answer(CommandContext context, AccountResult result) {
        if (result == AccountResult.OK) {
            context.reply(io.socketchat.protocol.Replies.OK);
        } else {
            context.replyError(result.errorCode());
        }
    }
}
