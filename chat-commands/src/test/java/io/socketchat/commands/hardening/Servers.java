package io.socketchat.commands.hardening;

import io.socketchat.commands.DmCommand;
import io.socketchat.commands.HistoryCommand;
import io.socketchat.commands.JoinCommand;
import io.socketchat.commands.LoginCommand;
import io.socketchat.commands.MsgCommand;
import io.socketchat.commands.PartCommand;
import io.socketchat.commands.PingCommand;
import io.socketchat.commands.RoomsCommand;
import io.socketchat.commands.SayCommand;
import io.socketchat.commands.TopicCommand;
import io.socketchat.commands.WhoCommand;
import io.socketchat.server.ChatServer;
import io.socketchat.server.PluginReport;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.spi.ChatObserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.function.UnaryOperator;

/** Starts a server with the built-in commands on 127.0.0.1, any free port. */
final class Servers {

    private Servers() {
    }

    static ChatServer start(UnaryOperator<ServerConfig.Builder> settings) {
        return start(settings, List.of());
    }

    /** As {@link #start(UnaryOperator)}, with these observers of chat events. */
    static ChatServer start(UnaryOperator<ServerConfig.Builder> settings, List<ChatObserver> observers) {
        ServerConfig.Builder builder = ServerConfig.builder()
                .bindAddress(InetAddress.getLoopbackAddress())
                .port(0);
        try {
            return ChatServer.start(settings.apply(builder).build(), PluginReport.builtInsOnly(List.of(
                    new LoginCommand(), new MsgCommand(), new DmCommand(), new WhoCommand(), new PingCommand(),
                    new JoinCommand(), new PartCommand(), new SayCommand(), new TopicCommand(), new RoomsCommand(),
                    new HistoryCommand())),
                    observers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
