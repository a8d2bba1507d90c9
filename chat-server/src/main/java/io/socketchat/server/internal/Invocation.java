package io.socketchat.server.internal;

import io.socketchat.protocol.Replies;
import io.socketchat.protocol.Request;
import io.socketchat.server.spi.Chat;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.Session;

import java.util.List;

/**
 * The context one handler call sees. Its replies and its chat's lines go into the batch of
 * the input being handled until the call returns ({@link #finished}); after that, as from any
 * other thread, they are written at once.
 */
final class Invocation implements CommandContext {

    private final ClientSession sender;
    private final Request request;
    private final BatchedChat chat;

    Invocation(ClientSession sender, Request request, BatchedChat.Target hub, FlushBatch batch) {
        this.sender = sender;
        this.request = request;
        this.chat = new BatchedChat(hub, batch);
    }

    /** The handler returned. */
    void finished() {
        chat.detach();
    }

    @Override
    public Session sender() {
        return sender;
    }

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

    @Override
    public Chat chat() {
        return chat;
    }

    @Override
    public void reply(String line) {
        sender.send(line, chat.batch());
    }

    @Override
    public void replyError(String code) {
        sender.send(Replies.error(code), chat.batch());
    }

    @Override
    public boolean replyAll(List<String> lines) {
        return sender.sendAll(lines, chat.batch(), true);
    }
}
