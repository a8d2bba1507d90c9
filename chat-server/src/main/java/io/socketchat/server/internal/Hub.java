package io.socketchat.server.internal;

import io.socketchat.protocol.HistoryTimes;
import io.socketchat.protocol.Quoted;
import io.socketchat.protocol.Replies;
import io.socketchat.protocol.Request;
import io.socketchat.protocol.RoomNames;
import io.socketchat.protocol.Utf8;
import io.socketchat.protocol.Usernames;
import io.socketchat.server.AccountSettings;
import io.socketchat.server.AccountStatus;
import io.socketchat.server.ChatCounts;
import io.socketchat.server.RoomSettings;
import io.socketchat.server.RoomStatus;
import io.socketchat.server.cluster.ClusterLink;
import io.socketchat.server.spi.Chat;
import io.socketchat.server.spi.ChatEvent;
import io.socketchat.server.spi.HistoryEntry;
import io.socketchat.server.spi.RoomHistory;
import io.socketchat.server.spi.RoomInfo;
import io.socketchat.server.spi.Session;
import io.socketchat.server.transport.Transport;
import io.socketchat.server.store.AccountStore;
import io.socketchat.server.store.MessageStore;
import io.socketchat.server.store.StoreException;
import io.socketchat.server.store.StoredRoom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shared chat as the commands see it ({@link Chat}), over four parts: {@link Names} (who
 * is logged in under which name), {@link Delivery} (fan-out), {@link Connections} (every
 * open connection) and {@link Rooms} (who is in which room), plus the history
 * ({@link MessageStore}). The hub formats the protocol's chat lines, ties login and leave together
 * across the parts, and publishes {@link ChatEvent}s; the parts know nothing of events or of
 * each other's order, so a cluster replaces names and delivery ({@link ClusterNames}, {@link
 * ClusterDelivery}) without touching the commands. What a cluster adds here is what the other
 * nodes must hear of this node's rooms ({@link RemoteRooms}), accounts and kicks.
 *
 * <p>A user becomes deliverable before its login confirmation is queued (so a client that
 * read {@code OK} misses nothing sent after), yet reads {@code OK} before any chat line; a
 * user stops being deliverable as soon as it leaves. No lock is taken on the delivery path
 * (except to a user in the middle of logging in).
 */
public final class Hub implements Chat, ClientSession.Host, BatchedChat.Target, Accounts.Host {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    /** How finely the memory budget's enforcer tells clients that stopped reading from those that read. */
    private static final long STALL_STEP_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);

    private final LocalNames localNames = new LocalNames();
    private final Names names;
    private final LocalRooms rooms = new LocalRooms();
    private final Connections connections = new LocalConnections();
    private final Counters counters = new Counters();
    private final Delivery delivery;
    private final Events events;
    private final CommandTable commands;
    private volatile Block lastBlock;
    private volatile boolean shuttingDown;

    private final boolean logText;
    private final MemoryBudget budget;
    private final RoomSettings roomSettings;
    private final MessageStore store;
    private final Accounts accounts;
    /** The other nodes, or {@code null} on a node of its own. */
    private final ClusterLink cluster;
    private final RemoteUsers remoteUsers;
    private final ClusterNode clusterNode;
    private final RemoteRooms remoteRooms;

    /** A hub with an unlimited budget and the default leave-notice rate (for tests of the chat alone). */
    public Hub(CommandTable commands) {
        this(commands, new MemoryBudget(Long.MAX_VALUE), 50, false);
    }

    public Hub(CommandTable commands, MemoryBudget budget, int leaveNoticesPerSecond, boolean logText) {
        this(commands, budget, leaveNoticesPerSecond, logText, Events.none());
    }

    public Hub(CommandTable commands, MemoryBudget budget, int leaveNoticesPerSecond, boolean logText, Events events) {
        this(commands, budget, leaveNoticesPerSecond, logText, events, RoomSettings.DEFAULTS, MessageStore.none());
    }

    public Hub(CommandTable commands, MemoryBudget budget, int leaveNoticesPerSecond, boolean logText, Events events,
               RoomSettings roomSettings, MessageStore store) {
        this(commands, budget, leaveNoticesPerSecond, logText, events, roomSettings, store, AccountStore.none(),
                AccountSettings.DEFAULTS, System::nanoTime);
    }

    /** As above, with accounts in {@code accountStore}; {@code nanoClock} times the failed-attempt window. */
    public Hub(CommandTable commands, MemoryBudget budget, int leaveNoticesPerSecond, boolean logText, Events events,
               RoomSettings roomSettings, MessageStore store, AccountStore accountStore, AccountSettings accountSettings,
               java.util.function.LongSupplier nanoClock) {
        this(commands, budget, leaveNoticesPerSecond, logText, events, roomSettings, store, accountStore,
                accountSettings, nanoClock, null);
    }

    /** As above, as a node of the cluster {@code cluster} joins ({@code null}: a node of its own). */
    public Hub(CommandTable commands, MemoryBudget budget, int leaveNoticesPerSecond, boolean logText, Events events,
               RoomSettings roomSettings, MessageStore store, AccountStore accountStore, AccountSettings accountSettings,
               java.util.function.LongSupplier nanoClock, ClusterLink cluster) {
        this.commands = commands;
        this.logText = logText;
        this.budget = budget;
        this.events = events;
        this.roomSettings = roomSettings;
        this.store = store;
        this.cluster = cluster;
        LocalDelivery local = new LocalDelivery(localNames, counters, leaveNoticesPerSecond);
        if (cluster == null) {
            this.names = localNames;
            this.delivery = local;
            this.remoteUsers = null;
            this.clusterNode = null;
            this.remoteRooms = RemoteRooms.none();
        } else {
            this.remoteUsers = new RemoteUsers();
            this.names = new ClusterNames(localNames, remoteUsers, cluster);
            this.delivery = new ClusterDelivery(local, remoteUsers, cluster);
            this.remoteRooms = RemoteRooms.over(cluster);
            this.clusterNode = new ClusterNode(localNames, local, remoteUsers, rooms, remoteRooms, cluster,
                    this::reloadAccount, this::reloadAccounts);
        }
        for (StoredRoom stored : store.rooms()) {
            Room.Topic topic = stored.topic() == null ? null : new Room.Topic(stored.topicSetter(), stored.topic());
            rooms.restore(new Room(stored.key(), stored.name(), topic, stored.messages() > 0));
        }
        budget.enforceWith(this::cutBiggest);
        this.accounts = new Accounts(accountStore, accountSettings, this, nanoClock);
    }

    @Override
    public MemoryBudget budget() {
        return budget;
    }

    @Override
    public boolean logsMessageText() {
        return logText;
    }

    @Override
    public Counters counters() {
        return counters;
    }

    @Override
    public boolean runsWithoutBlocking(String word) {
        // A cluster's claim waits for its engine: no command that may log in runs on a loop.
        return commands.runsOnLoop(word, names.claimBlocks());
    }

    @Override
    public void dispatch(ClientSession session, Request request, FlushBatch batch) {
        commands.dispatch(session, request, this, batch);
    }

    // ---- Chat, for command handlers ----
    // Each call comes in two forms: the Chat method writes at once (a caller with no input of
    // its own), the one with a batch writes when the sender's batch is flushed.

    @Override
    public LoginResult login(Session session, String name, String confirmation) {
        return login(session, name, confirmation, FlushBatch.IMMEDIATE);
    }

    @Override
    public LoginResult login(Session session, String name, String confirmation, FlushBatch batch) {
        ClientSession client = (ClientSession) session;
        if (client.name() != null) {
            return LoginResult.ALREADY_LOGGED_IN;
        }
        String key = Usernames.key(name);
        switch (names.claim(key, name, client)) {
            case TAKEN -> {
                return LoginResult.NAME_TAKEN;
            }
            case UNAVAILABLE -> {
                return LoginResult.CLUSTER_UNAVAILABLE;
            }
            case CLAIMED -> { }
        }
        delivery.joining(client); // before the user turns deliverable
        client.loggedIn(name, key, confirmation, batch);
        if (!client.isOpen()) {
            names.release(key, client); // it ended while logging in
        }
        names.loggedIn(client); // after the user turned deliverable (or left again)
        log.info("[LOGIN] user={} remote={}", name, client.remoteAddress());
        counters.logins.increment();
        if (events.active()) {
            client.publishLoggedIn(events, new ChatEvent.LoggedIn(name, client.remoteAddress(), Instant.now()));
        }
        return LoginResult.OK;
    }

    /**
     * Logs {@code session} in as {@code name} beside the deliverable session that holds that name
     * on this node: an account's second login under {@code --allow-multi-login}.
     */
    @Override
    public LoginResult loginAlongside(Session session, String name, String confirmation, FlushBatch batch) {
        ClientSession client = (ClientSession) session;
        if (client.name() != null) {
            return LoginResult.ALREADY_LOGGED_IN;
        }
        String key = Usernames.key(name);
        ClientSession holder = names.lookup(key);
        if (holder == null || !names.addSession(key, holder, client)) {
            return LoginResult.NAME_TAKEN;
        }
        delivery.joining(client);
        client.loggedIn(name, key, confirmation, batch);
        if (!client.isOpen()) {
            names.release(key, client);
        }
        names.loggedIn(client);
        log.info("[LOGIN] user={} remote={} sessions={}", name, client.remoteAddress(), 1 + names.alsoHolding(key).size());
        counters.logins.increment();
        if (events.active()) {
            client.publishLoggedIn(events, new ChatEvent.LoggedIn(name, client.remoteAddress(), Instant.now()));
        }
        return LoginResult.OK;
    }

    @Override
    public String deliverTo(String name, String line) {
        return deliverTo(name, line, FlushBatch.IMMEDIATE);
    }

    @Override
    public String deliverTo(String name, String line, FlushBatch batch) {
        return delivery.toUser(Usernames.key(name), line, batch);
    }

    @Override
    public void broadcast(Session except, String line) {
        broadcast(except, line, FlushBatch.IMMEDIATE);
    }

    @Override
    public void broadcast(Session except, String line, FlushBatch batch) {
        delivery.toAllExcept(except, line, batch);
    }

    @Override
    public void broadcastMessage(Session sender, String text) {
        broadcastMessage(sender, text, FlushBatch.IMMEDIATE);
    }

    @Override
    public void broadcastMessage(Session sender, String text, FlushBatch batch) {
        String from = sender.name();
        Instant now = Instant.now();
        store.append(MessageStore.LOBBY, from, text, now);
        int recipients = delivery.toAllExcept(sender, Replies.message(from, text), batch);
        counters.message(counters.lobbyMessages, text, recipients);
        if (events.active()) {
            publishOwn(sender, new ChatEvent.LobbyMessage(from, text, recipients, now));
        }
    }

    @Override
    public String directMessage(Session sender, String name, String text) {
        return directMessage(sender, name, text, FlushBatch.IMMEDIATE);
    }

    @Override
    public String directMessage(Session sender, String name, String text, FlushBatch batch) {
        String from = sender.name();
        String to = delivery.toUser(Usernames.key(name), Replies.direct(from, text), batch);
        if (to != null) {
            counters.message(counters.directMessages, text, 1);
            Instant now = Instant.now();
            accounts.delivered(sender, to, text, now); // history, when both hold accounts
            if (events.active()) {
                publishOwn(sender, new ChatEvent.DirectMessage(from, to, text, now));
            }
        }
        return to;
    }

    // ---- accounts (the logic is Accounts'; the hub only hands over) ----

    @Override
    public AccountResult register(Session session, String password) {
        return accounts.register((ClientSession) session, password);
    }

    @Override
    public AccountResult authenticate(Session session, String name, String password, String confirmation) {
        return authenticate(session, name, password, confirmation, FlushBatch.IMMEDIATE);
    }

    @Override
    public AccountResult authenticate(Session session, String name, String password, String confirmation,
                                      FlushBatch batch) {
        return accounts.authenticate((ClientSession) session, name, password, confirmation, batch);
    }

    @Override
    public AccountResult changePassword(Session session, String oldPassword, String newPassword) {
        return accounts.changePassword((ClientSession) session, oldPassword, newPassword);
    }

    @Override
    public AccountResult unregister(Session session, String password) {
        return accounts.unregister((ClientSession) session, password);
    }

    @Override
    public String accountName(String name) {
        return accounts.accountName(name);
    }

    @Override
    public AccountResult keepOffline(Session sender, String name, String text) {
        return accounts.keepOffline(sender, name, text);
    }

    /** Another node changed an account of the shared store. */
    private void reloadAccount(String key) {
        accounts.reload(key);
    }

    /** Changes other nodes made may have been missed: every account read again. */
    private void reloadAccounts() {
        accounts.reloadAll();
    }

    @Override
    public void accountChanged(String key) {
        if (cluster != null) {
            cluster.publish(ClusterPayloads.accountChanged(key));
        }
    }

    @Override
    public boolean sharesStore() {
        return cluster != null;
    }

    @Override
    public ClientSession online(String key) {
        return names.lookup(key);
    }

    public List<AccountStatus> accountStatus() {
        return accounts.list();
    }

    public boolean deleteAccount(String name) {
        return accounts.delete(name);
    }

    /** @return the one-time password, or null when there is no such account */
    public String resetAccount(String name) throws io.socketchat.server.internal.accounts.HashPool.Busy {
        return accounts.reset(name);
    }

    public boolean lockAccount(String name, boolean locked) {
        return accounts.lock(name, locked);
    }

    /** An event a session caused: in its order, between its LoggedIn and its Left. */
    private void publishOwn(Session sender, ChatEvent event) {
        if (sender instanceof ClientSession client) {
            client.publishOwn(events, event);
        } else {
            events.publish(event); // a handler's own Session: no session order to keep
        }
    }

    // ---- rooms ----

    @Override
    public RoomResult joinRoom(Session session, String roomName) {
        return joinRoom(session, roomName, FlushBatch.IMMEDIATE);
    }

    /**
     * The batch for lines queued while a room's lock is held: one that never waits (a sender
     * that may block is held back instead, and waits once the lock is released, in {@link
     * #afterRoomLock}), so a member with a full queue never holds up the room's other members.
     */
    private static FlushBatch underRoomLock(FlushBatch batch) {
        return batch.whenFull() == FlushBatch.WhenFull.WAIT_FOR_ROOM ? FlushBatch.forInput(false) : batch;
    }

    private static void afterRoomLock(FlushBatch used, FlushBatch batch) {
        if (used != batch) {
            used.awaitHeldBack();
            used.end();
        }
    }

    @Override
    public RoomResult joinRoom(Session session, String roomName, FlushBatch batch) {
        if (!RoomNames.isValid(roomName)) {
            return RoomResult.INVALID_ROOM;
        }
        ClientSession client = (ClientSession) session;
        String key = RoomNames.key(roomName);
        Map<String, Room> mine = rooms.of(client);
        if (mine.containsKey(key)) {
            return RoomResult.ALREADY_IN_ROOM;
        }
        if (mine.size() >= roomSettings.maxRoomsPerUser()) {
            return RoomResult.TOO_MANY_ROOMS;
        }
        while (true) {
            Room room = openRoom(key, roomName);
            FlushBatch locked = underRoomLock(batch);
            room.lock().lock();
            try {
                if (room.removed()) {
                    continue; // forgotten by its last member meanwhile: open it again
                }
                if (room.members().length >= roomSettings.maxRoomMembers()) {
                    return RoomResult.ROOM_FULL;
                }
                // The whole reply is queued before the user becomes a member, so no line of the
                // room can come before it; the lock keeps the member listing exact.
                client.send(Replies.OK, locked);
                sendListing(client, room, locked);
                room.add(client);
                rooms.joined(client, room);
                remoteRooms.localJoined(room, client); // before the line: a node that shows it knows the member
                delivery.toMembers(room, client, Replies.joined(room.name(), client.name()), locked);
            } finally {
                room.lock().unlock();
                afterRoomLock(locked, batch);
            }
            if (!client.isDeliverable()) {
                leaveRooms(client, rooms.forget(client)); // it left the chat while joining
                return RoomResult.OK;
            }
            log.info("[JOIN] user={} room={}", client.name(), room.name());
            if (events.active()) {
                publishOwn(client, new ChatEvent.RoomJoined(room.name(), client.name(), Instant.now()));
            }
            return RoomResult.OK;
        }
    }

    private Room openRoom(String key, String name) {
        Room room = rooms.find(key);
        if (room != null) {
            return room;
        }
        room = rooms.open(key, name);
        if (room.name().equals(name)) {
            store.roomCreated(key, name); // ignored when another thread created it first
        }
        return room;
    }

    /** The joiner's listing: members, topic, newest history. */
    private void sendListing(ClientSession client, Room room, FlushBatch batch) {
        String name = room.name();
        List<String> members = new ArrayList<>(room.members().length + 1);
        for (ClientSession member : room.members()) {
            members.add(member.name());
        }
        members.add(client.name());
        members.addAll(remoteRooms.members(room.key()));
        members.sort(String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder()));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < members.size(); i += MEMBERS_PER_LINE) {
            lines.add(Replies.members(name, members.subList(i, Math.min(members.size(), i + MEMBERS_PER_LINE))));
        }
        lines.add(Replies.endMembers(name));
        Room.Topic topic = room.topic();
        if (topic != null) {
            lines.add(Replies.topic(name, topic.setter(), topic.text()));
        }
        int replay = roomSettings.historyOnJoin();
        if (replay > 0) {
            try {
                addHistoryLines(lines, name, store.page(room.key(), replay, Long.MAX_VALUE));
            } catch (StoreException e) {
                storeReadFailed(room.key(), e); // the join goes on without its history
            }
            lines.add(Replies.endHistory(name));
        }
        for (String line : lines) {
            client.send(line, batch);
        }
    }

    /** Names per {@code MEMBERS} line: a line of at most a few kilobytes however big the room. */
    private static final int MEMBERS_PER_LINE = 50;

    private static void addHistoryLines(List<String> lines, String scope, List<HistoryEntry> entries) {
        for (HistoryEntry entry : entries) {
            lines.add(Replies.history(scope, entry.id(), HistoryTimes.format(entry.time()), entry.sender(), entry.text()));
        }
    }

    @Override
    public RoomResult partRoom(Session session, String roomName) {
        return partRoom(session, roomName, FlushBatch.IMMEDIATE);
    }

    @Override
    public RoomResult partRoom(Session session, String roomName, FlushBatch batch) {
        if (!RoomNames.isValid(roomName)) {
            return RoomResult.INVALID_ROOM;
        }
        ClientSession client = (ClientSession) session;
        Room room = rooms.of(client).get(RoomNames.key(roomName));
        if (room == null) {
            return RoomResult.NOT_IN_ROOM;
        }
        room.lock().lock();
        try {
            if (!room.remove(client)) {
                return RoomResult.NOT_IN_ROOM;
            }
            rooms.parted(client, room);
        } finally {
            room.lock().unlock();
        }
        remoteRooms.localParted(room, client);
        delivery.toMembers(room, client, Replies.parted(room.name(), client.name()), batch);
        rooms.dropIfUnused(room);
        log.info("[PART] user={} room={}", client.name(), room.name());
        if (events.active()) {
            publishOwn(client, new ChatEvent.RoomParted(room.name(), client.name(), "part", Instant.now()));
        }
        return RoomResult.OK;
    }

    @Override
    public RoomResult say(Session sender, String roomName, String text) {
        return say(sender, roomName, text, FlushBatch.IMMEDIATE);
    }

    @Override
    public RoomResult say(Session sender, String roomName, String text, FlushBatch batch) {
        if (!RoomNames.isValid(roomName)) {
            return RoomResult.INVALID_ROOM;
        }
        Room room = roomOf(sender, RoomNames.key(roomName));
        if (room == null) {
            return RoomResult.NOT_IN_ROOM;
        }
        String from = sender.name();
        Instant now = Instant.now();
        long id = store.append(room.key(), from, text, now);
        if (id > 0 && !room.hasHistory()) {
            room.hasHistory(true);
        }
        int recipients = delivery.toMembers(room, sender, Replies.said(room.name(), from, text), batch);
        counters.message(counters.roomMessages, text, recipients);
        if (events.active()) {
            publishOwn(sender, new ChatEvent.RoomMessage(room.name(), from, text, id, recipients, now));
        }
        return RoomResult.OK;
    }

    @Override
    public RoomResult setTopic(Session setter, String roomName, String text) {
        return setTopic(setter, roomName, text, FlushBatch.IMMEDIATE);
    }

    @Override
    public RoomResult setTopic(Session setter, String roomName, String text, FlushBatch batch) {
        if (!RoomNames.isValid(roomName)) {
            return RoomResult.INVALID_ROOM;
        }
        Room room = roomOf(setter, RoomNames.key(roomName));
        if (room == null) {
            return RoomResult.NOT_IN_ROOM;
        }
        String from = setter.name();
        Instant now = Instant.now();
        room.topic(new Room.Topic(from, text));
        remoteRooms.localTopic(room, from, text);
        store.topicSet(room.key(), room.name(), from, text, now);
        delivery.toMembers(room, setter, Replies.topic(room.name(), from, text), batch);
        log.info("[TOPIC] user={} room={} bytes={}", from, room.name(), Utf8.encodedLength(text));
        if (events.active()) {
            publishOwn(setter, new ChatEvent.TopicChanged(room.name(), from, text, now));
        }
        return RoomResult.OK;
    }

    /** The room under {@code key} if {@code session} is in it, else null. */
    private Room roomOf(Session session, String key) {
        return session instanceof ClientSession client ? rooms.of(client).get(key) : null;
    }

    @Override
    public List<RoomInfo> rooms() {
        List<RoomInfo> listing = new ArrayList<>();
        Map<String, RemoteRooms.Remote> elsewhere = remoteRooms.all(); // this call's own: taken from as listed
        for (Room room : rooms.all()) {
            RemoteRooms.Remote remote = elsewhere.remove(room.key());
            int members = room.members().length + (remote == null ? 0 : remote.members().size());
            if (members > 0) {
                Room.Topic topic = room.topic();
                listing.add(new RoomInfo(room.name(), members, topic == null ? null : topic.text()));
            }
        }
        for (RemoteRooms.Remote remote : elsewhere.values()) {
            if (!remote.members().isEmpty()) {
                listing.add(new RoomInfo(remote.name(), remote.members().size(), remote.topic()));
            }
        }
        listing.sort(Comparator.comparing(RoomInfo::name, String.CASE_INSENSITIVE_ORDER));
        return listing;
    }

    @Override
    public RoomHistory history(Session asker, String scope, int count, long beforeId) {
        int limit = Math.min(Math.max(count, 0), roomSettings.historyPage());
        if (scope.startsWith("@")) {
            return accounts.directHistory(asker, scope.substring(1), limit, beforeId);
        }
        String key;
        String shown;
        if (MessageStore.LOBBY.equals(scope)) {
            key = MessageStore.LOBBY;
            shown = MessageStore.LOBBY;
        } else if (!RoomNames.isValid(scope)) {
            return RoomHistory.refused(RoomResult.INVALID_ROOM, scope);
        } else {
            Room room = roomOf(asker, RoomNames.key(scope));
            if (room == null) {
                return RoomHistory.refused(RoomResult.NOT_IN_ROOM, scope);
            }
            key = room.key();
            shown = room.name();
        }
        try {
            return new RoomHistory(RoomResult.OK, shown, limit == 0 ? List.of() : store.page(key, limit, beforeId));
        } catch (StoreException e) {
            storeReadFailed(key, e);
            return RoomHistory.refused(RoomResult.HISTORY_UNAVAILABLE, shown);
        }
    }

    private static void storeReadFailed(String scope, StoreException e) {
        log.warn("[STORE] read=failed scope={} error={}", Quoted.json(scope), Quoted.json(String.valueOf(e.getCause())));
    }

    /** A user left the chat: out of every room, with no PART (the leave notice says it all). */
    private void leaveRooms(ClientSession session, Collection<Room> left) {
        for (Room room : left) {
            room.lock().lock();
            try {
                room.remove(session);
            } finally {
                room.lock().unlock();
            }
            rooms.dropIfUnused(room);
            if (events.active()) {
                session.publishOwn(events, new ChatEvent.RoomParted(room.name(), session.name(), "left", Instant.now()));
            }
        }
    }

    // ---- rooms, for operators ----

    /** Every room known (with members, a topic or history), sorted by name ignoring case. */
    public List<RoomStatus> roomStatus() {
        List<RoomStatus> listing = new ArrayList<>();
        for (Room room : rooms.all()) {
            Room.Topic topic = room.topic();
            long messages;
            try {
                messages = store.count(room.key());
            } catch (StoreException e) {
                messages = -1;
            }
            listing.add(new RoomStatus(room.name(), room.members().length, topic == null ? null : topic.text(), messages));
        }
        listing.sort(Comparator.comparing(RoomStatus::name, String.CASE_INSENSITIVE_ORDER));
        return listing;
    }

    /**
     * Closes a room: each member reads {@code INFO <room> closed by operator} and
     * {@code PART <room> <its name>} and is out of it; the history stays unless {@code purge}.
     *
     * @return how many members were removed, or -1 when no such room exists
     */
    public int closeRoom(String roomName, boolean purge) {
        if (!RoomNames.isValid(roomName)) {
            return -1;
        }
        Room room = rooms.find(RoomNames.key(roomName));
        if (room == null) {
            return -1;
        }
        ClientSession[] members;
        room.lock().lock();
        try {
            members = room.members();
            for (ClientSession member : members) {
                room.remove(member);
                rooms.parted(member, room);
                remoteRooms.localParted(room, member);
            }
        } finally {
            room.lock().unlock();
        }
        Instant now = Instant.now();
        for (ClientSession member : members) {
            member.send(Replies.roomClosed(room.name()));
            member.send(Replies.parted(room.name(), member.name()));
            if (events.active()) {
                events.publish(new ChatEvent.RoomParted(room.name(), member.name(), "closed", now));
            }
        }
        if (purge) {
            store.purge(room.key());
            room.hasHistory(false);
            rooms.drop(room);
        } else {
            rooms.dropIfUnused(room);
        }
        log.info("[ROOM] closed={} members={} purged={}", room.name(), members.length, purge);
        return members.length;
    }

    /**
     * Deletes a room's stored messages (its topic and members stay).
     *
     * @return how many were deleted, or -1 when no such room is known
     */
    public long purgeHistory(String roomName) {
        if (!RoomNames.isValid(roomName)) {
            return -1;
        }
        Room room = rooms.find(RoomNames.key(roomName));
        if (room == null) {
            return -1;
        }
        long deleted = store.purge(room.key());
        room.hasHistory(false);
        rooms.dropIfUnused(room);
        log.info("[HISTORY] purged={} messages={}", room.name(), deleted);
        return deleted;
    }

    /** After the last session is gone: commits every accepted message and releases the store. */
    public void closeStore() {
        accounts.close();
        store.close();
    }

    @Override
    public List<String> userNames() {
        return names.sorted();
    }

    /**
     * The encoded block of {@code lines}, or null when it would be larger than {@code maxBytes}
     * (it is sized before it is built). The same list sent again, as {@code WHO} sends its
     * listing until someone logs in or leaves, gets the same array: every asker's queue holds a
     * reference to one block, as with a broadcast, and it is encoded once.
     */
    @Override
    public byte[] encodedBlock(List<String> lines, long maxBytes) {
        Block last = lastBlock;
        if (last != null && last.lines() == lines) {
            return last.bytes().length > maxBytes ? null : last.bytes();
        }
        long size = Utf8.encodedLinesLength(lines);
        if (size > maxBytes) {
            return null;
        }
        byte[] bytes = Utf8.encodeLines(lines);
        lastBlock = new Block(lines, bytes);
        return bytes;
    }

    /** The last block encoded, by the identity of its list. */
    private record Block(List<String> lines, byte[] bytes) {
    }

    // ---- connections ----

    public ClientSession open(Transport transport, long sendQueueBytes) {
        ClientSession session = new ClientSession(this, transport, sendQueueBytes);
        connections.add(session);
        counters.connectionsAccepted.increment();
        log.info("[CONNECT] remote={}", transport.remoteAddress());
        return session;
    }

    @Override
    public void closed(ClientSession session) {
        connections.remove(session);
    }

    /** Called once per session when it leaves, whatever the cause. */
    @Override
    public void left(ClientSession session, String reason) {
        String name = session.name();
        if (name == null) {
            log.info("[DISCONNECT] user=- remote={} reason={}", session.remoteAddress(), reason);
            if (events.active()) {
                session.publishLeft(events, null); // never logged in: nothing to report, now or later
            }
            return;
        }
        boolean gone = names.release(session.key(), session); // not while another session holds the name
        delivery.leaving(session);
        leaveRooms(session, rooms.forget(session));
        log.info("[DISCONNECT] user={} remote={} reason={}", name, session.remoteAddress(), reason);
        counters.left(reason);
        if (events.active()) {
            session.publishLeft(events, new ChatEvent.Left(name, session.remoteAddress(), reason, Instant.now()));
        }
        if (shuttingDown || !gone) {
            return;
        }
        delivery.announceLeave(session);
    }

    /** Called by the server's timer: sums up the leaves of a second past the notice rate. */
    public void tick(long nowNanos) {
        if (!shuttingDown) {
            delivery.tick(nowNanos);
        }
    }

    /**
     * The memory budget's enforcer: cuts connections until about {@code excessBytes} are
     * freed. Clients that have stopped reading go first, those stalled longest first (in steps
     * of {@link #STALL_STEP_NANOS}), the biggest first among equals; a client that keeps reading
     * goes only after every stalled one. A connection holding nothing is never cut. So when
     * some clients stop reading, the readers that keep up (whose queues may be just as full
     * while they pace a fast sender) lose nothing.
     */
    private void cutBiggest(long excessBytes) {
        record Holder(ClientSession session, long bytes, long stalledSteps) {
        }
        long now = System.nanoTime();
        List<Holder> holders = new ArrayList<>();
        for (ClientSession session : connections.all()) {
            long bytes = session.bufferedBytes();
            if (bytes > 0 && !session.isClosed()) {
                holders.add(new Holder(session, bytes, session.outputStalledNanos(now) / STALL_STEP_NANOS));
            }
        }
        holders.sort(Comparator.comparingLong(Holder::stalledSteps).reversed()
                .thenComparing(Comparator.comparingLong(Holder::bytes).reversed()));
        long freed = 0;
        for (Holder holder : holders) {
            if (freed >= excessBytes) {
                break;
            }
            ClientSession session = holder.session();
            counters.slowDisconnects.increment();
            counters.memoryCuts.increment();
            log.warn("[SLOW] user={} remote={} queued={} reason=server-memory budget={} charged={}",
                    session.name() == null ? "-" : session.name(), session.remoteAddress(), holder.bytes(),
                    budget.limitBytes(), budget.chargedBytes());
            session.abort("slow");
            freed += holder.bytes();
        }
    }

    public long memoryCuts() {
        return counters.memoryCuts.sum();
    }

    @Override
    public void slowClient(ClientSession session, long queuedBytes) {
        counters.slowDisconnects.increment();
        log.warn("[SLOW] user={} remote={} queued={} reason=send-queue-full",
                session.name() == null ? "-" : session.name(), session.remoteAddress(), queuedBytes);
        session.abort("slow");
    }

    public Set<ClientSession> connections() {
        return connections.all();
    }

    public ClientSession user(String name) {
        return names.lookup(Usernames.key(name));
    }

    /** The sessions holding {@code name} beside {@link #user}'s: the account's other logins (multi-login). */
    public List<ClientSession> alsoHolding(String name) {
        return List.copyOf(names.alsoHolding(Usernames.key(name)));
    }

    // ---- the cluster ----

    /** The cluster's link is closed: nothing more arrives from other nodes. */
    public void clusterClosed() {
        if (clusterNode != null) {
            clusterNode.close();
        }
    }

    /** What the cluster's link calls on this node, or {@code null} on a node of its own. */
    public ClusterLink.Node clusterNode() {
        return clusterNode;
    }

    /**
     * Asks the node of another user of the cluster to kick it.
     *
     * @return that user's node, or {@code null} when no other node holds {@code name}
     */
    public String kickElsewhere(String name, String reason, String by) {
        if (cluster == null) {
            return null;
        }
        String key = Usernames.key(name);
        RemoteUsers.Remote user = remoteUsers.find(key);
        if (user == null) {
            return null;
        }
        cluster.send(user.node(), ClusterPayloads.kick(key, by, reason));
        return user.node();
    }

    /** Every user of the cluster's other nodes, name to node (empty on a node of its own). */
    public Map<String, String> usersElsewhere() {
        if (remoteUsers == null) {
            return Map.of();
        }
        Map<String, String> users = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        remoteUsers.all().values().forEach(remote -> users.put(remote.name(), remote.node()));
        return users;
    }

    public List<ClientSession> loggedIn() {
        return names.holders().stream().filter(ClientSession::isDeliverable).toList();
    }

    public void beginShutdown() {
        shuttingDown = true;
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Waits until every connection is gone or the deadline passes. */
    public boolean awaitNoConnections(long deadlineNanos) throws InterruptedException {
        return connections.awaitNone(deadlineNanos);
    }

    /** Lets observers take what is queued for up to {@code graceNanos}, then stops them. */
    public void closeEvents(long graceNanos) {
        events.close(graceNanos);
    }

    public long connectionsAccepted() {
        return counters.connectionsAccepted.sum();
    }

    public long linesIn() {
        return counters.linesIn.sum();
    }

    public long linesOut() {
        return counters.linesOut.sum();
    }

    public long slowDisconnects() {
        return counters.slowDisconnects.sum();
    }

    public long floodEpisodes() {
        return counters.floodEpisodes.sum();
    }

    public long loginTimeouts() {
        return counters.loginTimeouts.sum();
    }

    public ChatCounts chatCounts() {
        return new ChatCounts(counters.logins.sum(), counters.leaves(), counters.lobbyMessages.sum(),
                counters.directMessages.sum(), counters.roomMessages.sum(), counters.deliveries.sum(),
                counters.deliveredTextBytes.sum());
    }
}
