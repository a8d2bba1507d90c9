package io.socketchat.server.internal;

import io.socketchat.protocol.Request;
import io.socketchat.server.spi.Chat;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.Session;

import java.util.List;

/** The context one handler call sees. */
record Invocation(Session sender, Request request, Chat chat) implements CommandContext {

    @Override
    public String word() {
        return request.word();
    }

    @Override
    public String argument() {
        return request.argument();
    }

    @Override
    public List<String> arguments(int limit) {
        return request.arguments(limit);
    }
}
