package io.socketchat.commands;

import io.socketchat.server.spi.Chat.RoomResult;
import io.socketchat.server.spi.CommandContext;

/** The one reply of a room request that has no listing: {@code OK} or its {@code ERR} line. */
final class RoomReplies {

    private RoomReplies() {
    }

    /** {@code OK} when done and {@code confirm} is set, else the error; true when done. */
    static boolean answer(CommandContext context, RoomResult result, boolean confirm) {
        if (result == RoomResult.OK) {
            if (confirm) {
                context.reply("OK");
            }
            return true;
        }
        context.replyError(result.errorCode());
        return false;
    }
}
