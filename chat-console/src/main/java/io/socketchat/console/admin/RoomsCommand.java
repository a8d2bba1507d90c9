package io.socketchat.console.admin;

import io.socketchat.server.RoomStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rooms}: every room with its members, topic and stored messages. */
@Command(name = "rooms", description = {
        "List rooms: those with members, a topic or stored history.",
        "Name, members now, messages stored, topic."})
final class RoomsCommand implements Callable<Integer> {

    @ParentCommand
    AdminCommands admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<RoomStatus> rooms = admin.target().rooms();
        PrintWriter out = spec.commandLine().getOut();
        int nameWidth = "ROOM".length();
        for (RoomStatus room : rooms) {
            nameWidth = Math.max(nameWidth, room.name().length());
        }
        String format = "%-" + nameWidth + "s  %7s  %8s  %s";
        out.println(String.format(format, "ROOM", "MEMBERS", "MESSAGES", "TOPIC").stripTrailing());
        for (RoomStatus room : rooms) {
            String messages = room.messages() < 0 ? "?" : Long.toString(room.messages());
            out.println(String.format(format, room.name(), room.members(), messages,
                    room.topic() == null ? "" : room.topic()).stripTrailing());
        }
        out.println("(" + rooms.size() + (rooms.size() == 1 ? " room)" : " rooms)"));
        return CommandResult.OK;
    }
}
