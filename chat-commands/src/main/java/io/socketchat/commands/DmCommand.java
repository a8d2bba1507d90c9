package io.socketchat.commands;

import io.socketchat.protocol.ErrorCodes;
import io.socketchat.protocol.Quoted;
import io.socketchat.protocol.Replies;
import io.socketchat.server.spi.Chat.AccountResult;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * {@code DM <user> <text>}: only that user (matched ignoring case) reads {@code DM <sender> <text>}.
 * Logged as {@code [DM] from=<sender> to=<recipient as it logged in> bytes=<UTF-8 length>}, with
 * {@code text="..."} added only when the operator asked for message text in the log. A DM to an
 * account that is not online is kept for its next {@code AUTH}: the sender reads {@code INFO offline
 * <account>} ({@code ERR mailbox-full} past {@code --offline-max}), logged with {@code offline=true}.
 * Both checks are in memory and the store only queues, so this never blocks.
 */
public final class DmCommand implements CommandHandler {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.commands");
    private static final CommandSpec SPEC = CommandSpec.of("DM").withMinArguments(2, "DM <username> <text>").markNonBlocking();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        List<String> arguments = context.arguments(2);
        String sender = context.sender().name();
        String recipient = arguments.get(0);
        String text = arguments.get(1);
        String delivered = context.chat().directMessage(context.sender(), recipient, text);
        boolean offline = false;
        if (delivered == null) {
            AccountResult kept = context.chat().keepOffline(context.sender(), recipient, text);
            if (kept != AccountResult.OK) {
                context.replyError(kept.errorCode());
                return;
            }
            delivered = context.chat().accountName(recipient);
            offline = true;
            context.reply(Replies.offlineStored(delivered));
        }
        if (log.isInfoEnabled()) {
            if (context.chat().logsMessageText()) {
                log.info("[DM] from={} to={}{} bytes={} text={}", sender, delivered, offline ? " offline=true" : "",
                        MessageLog.utf8Length(text), Quoted.json(text));
            } else {
                log.info("[DM] from={} to={}{} bytes={}", sender, delivered, offline ? " offline=true" : "",
                        MessageLog.utf8Length(text));
            }
        }
    }
}
