package io.socketchat.server.internal;

import io.socketchat.server.spi.Chat;
import io.socketchat.server.spi.RoomHistory;
import io.socketchat.server.spi.RoomInfo;
import io.socketchat.server.spi.Session;

import java.util.List;

/**
 * The {@link Chat} a handler call sees: the hub's, with every line it queues going into the
 * batch of the input that is being handled, so that a burst of lines is written once per
 * recipient and a recipient's full queue holds back that input, not the thread. Once the call
 * has returned, a handler that kept it (to answer later, from a thread of its own) gets the
 * hub's own behaviour: lines written at once.
 */
final class BatchedChat implements Chat {

    /** The chat's operations with the batch their lines go into ({@link Hub} offers them). */
    interface Target {
        LoginResult login(Session session, String name, String confirmation, FlushBatch batch);

        String deliverTo(String name, String line, FlushBatch batch);

        void broadcast(Session except, String line, FlushBatch batch);

        void broadcastMessage(Session sender, String text, FlushBatch batch);

        String directMessage(Session sender, String name, String text, FlushBatch batch);

        RoomResult joinRoom(Session member, String room, FlushBatch batch);

        RoomResult partRoom(Session member, String room, FlushBatch batch);

        RoomResult say(Session sender, String room, String text, FlushBatch batch);

        RoomResult setTopic(Session setter, String room, String text, FlushBatch batch);

        List<RoomInfo> rooms();

        RoomHistory history(Session asker, String scope, int count, long beforeId);

        List<String> userNames();

        boolean logsMessageText();

        AccountResult register(Session session, String password);

        AccountResult authenticate(Session session, String name, String password, String confirmation, FlushBatch batch);

        AccountResult changePassword(Session session, String oldPassword, String newPassword);

        AccountResult unregister(Session session, String password);

        String accountName(String name);

        AccountResult keepOffline(Session sender, String name, String text);
    }

    private final Target hub;
    private volatile FlushBatch batch;

    BatchedChat(Target hub, FlushBatch batch) {
        this.hub = hub;
        this.batch = batch;
    }

    /** The handler call is over: the batch goes on without this chat. */
    void detach() {
        batch = FlushBatch.IMMEDIATE;
    }

    /** The batch this chat's lines go into now ({@link FlushBatch#IMMEDIATE} once detached). */
    FlushBatch batch() {
        return batch;
    }

    @Override
    public LoginResult login(Session session, String name, String confirmation) {
        return hub.login(session, name, confirmation, batch);
    }

    @Override
    public String deliverTo(String name, String line) {
        return hub.deliverTo(name, line, batch);
    }

    @Override
    public void broadcast(Session except, String line) {
        hub.broadcast(except, line, batch);
    }

    @Override
    public void broadcastMessage(Session sender, String text) {
        hub.broadcastMessage(sender, text, batch);
    }

    @Override
    public String directMessage(Session sender, String name, String text) {
        return hub.directMessage(sender, name, text, batch);
    }

    @Override
    public RoomResult joinRoom(Session member, String room) {
        return hub.joinRoom(member, room, batch);
    }

    @Override
    public RoomResult partRoom(Session member, String room) {
        return hub.partRoom(member, room, batch);
    }

    @Override
    public RoomResult say(Session sender, String room, String text) {
        return hub.say(sender, room, text, batch);
    }

    @Override
    public RoomResult setTopic(Session setter, String room, String text) {
        return hub.setTopic(setter, room, text, batch);
    }

    @Override
    public List<RoomInfo> rooms() {
        return hub.rooms();
    }

    @Override
    public RoomHistory history(Session asker, String scope, int count, long beforeId) {
        return hub.history(asker, scope, count, beforeId);
    }

    @Override
    public List<String> userNames() {
        return hub.userNames();
    }

    @Override
    public boolean logsMessageText() {
        return hub.logsMessageText();
    }

    @Override
    public AccountResult register(Session session, String password) {
        return hub.register(session, password);
    }

    @Override
    public AccountResult authenticate(Session session, String name, String password, String confirmation) {
        return hub.authenticate(session, name, password, confirmation, batch);
    }

    @Override
    public AccountResult changePassword(Session session, String oldPassword, String newPassword) {
        return hub.changePassword(session, oldPassword, newPassword);
    }

    @Override
    public AccountResult unregister(Session session, String password) {
        return hub.unregister(session, password);
    }

    @Override
    public String accountName(String name) {
        return hub.accountName(name);
    }

    @Override
    public AccountResult keepOffline(Session sender, String name, String text) {
        return hub.keepOffline(sender, name, text);
    }
}
