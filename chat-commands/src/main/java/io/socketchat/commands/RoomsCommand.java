package io.socketchat.commands;

import io.socketchat.protocol.ErrorCodes;
import io.socketchat.protocol.Replies;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import io.socketchat.server.spi.RoomInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ROOMS}: {@code ROOM #room <members> <topic>} per room with members, sorted by name
 * ignoring case, then {@code END ROOMS}; one block, sized first (as {@code WHO}'s listing).
 */
public final class RoomsCommand implements CommandHandler {

    private static final CommandSpec SPEC = CommandSpec.of("ROOMS").markNonBlocking();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        List<RoomInfo> rooms = context.chat().rooms();
        List<String> lines = new ArrayList<>(rooms.size() + 1);
        for (RoomInfo room : rooms) {
            lines.add(Replies.room(room.name(), room.members(), room.topic()));
        }
        lines.add(Replies.END_ROOMS);
        if (!context.sender().sendAll(lines)) {
            context.replyError(ErrorCodes.REPLY_TOO_LARGE);
        }
    }
}
