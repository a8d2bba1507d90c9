package io.socketchat.commands.hardening;

import io.socketchat.commands.DmCommand;
import io.socketchat.commands.LoginCommand;
import io.socketchat.commands.MsgCommand;
import io.socketchat.commands.PingCommand;
import io.socketchat.commands.WhoCommand;
import io.socketchat.server.ChatServer;
import io.socketchat.server.ServerConfig;

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
        ServerConfig.Builder builder = ServerConfig.builder()
                .bindAddress(InetAddress.getLoopbackAddress())
                .port(0);
        try {
            return ChatServer.start(settings.apply(builder).build(), List.of(
                    new LoginCommand(), new MsgCommand(), new DmCommand(), new WhoCommand(), new PingCommand()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
