package io.socketchat.server.internal;

import io.socketchat.protocol.Quoted;
import io.socketchat.protocol.Replies;
import io.socketchat.protocol.Usernames;
import io.socketchat.server.AccountSettings;
import io.socketchat.server.AccountStatus;
import io.socketchat.server.internal.accounts.FailureThrottle;
import io.socketchat.server.internal.accounts.HashPool;
import io.socketchat.server.internal.accounts.PasswordHash;
import io.socketchat.server.spi.Chat.AccountResult;
import io.socketchat.server.spi.Chat.LoginResult;
import io.socketchat.server.spi.Chat.RoomResult;
import io.socketchat.server.spi.HistoryEntry;
import io.socketchat.server.spi.RoomHistory;
import io.socketchat.server.spi.Session;
import io.socketchat.server.store.AccountStore;
import io.socketchat.server.store.OfflineMessage;
import io.socketchat.server.store.StoreException;
import io.socketchat.server.store.StoredAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Accounts as the hub offers them to commands ({@code REGISTER}, {@code AUTH}, {@code PASSWORD},
 * {@code UNREGISTER}), to {@code DM} (offline mailboxes, history between accounts) and to
 * operators.
 *
 * <p>The directory of accounts is in memory (loaded from the {@link AccountStore} at start), so
 * that what runs on the message path ({@code LOGIN}'s and {@code DM}'s checks) never waits for the
 * database; the store is written through on each change, from the command's virtual thread.
 * Passwords are hashed on the {@link HashPool}, never on an I/O loop. Failed attempts are counted
 * per account and per address ({@link FailureThrottle}). A password on plain TCP from outside
 * {@code --plaintext-auth-from} is refused before it is looked at.
 *
 * <p>In a cluster every node has such a directory of the one shared store: a change here is
 * told to the others ({@link Host#accountChanged}), which read that account again ({@link
 * #reload}), and a mailbox is always read at {@code AUTH} (another node may have filled it).
 *
 * <p>Timing: an unknown name is verified against a hash of a random password with the current
 * parameters, so it costs what a wrong password costs and both answer {@code bad-credentials}.
 */
final class Accounts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ONE_TIME_ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXYZ234679".toCharArray();
    private static final int ONE_TIME_LENGTH = 16;

    /** What a hub gives the accounts: logging a session in, and who is online. */
    interface Host {
        LoginResult login(Session session, String name, String confirmation, FlushBatch batch);

        /** As {@link #login}, beside the session of this node that holds the name (multi-login). */
        LoginResult loginAlongside(Session session, String name, String confirmation, FlushBatch batch);

        /** The deliverable session holding {@code key}, or null. */
        ClientSession online(String key);

        /** An account was created, changed or deleted here: other nodes sharing the store must read it again. */
        default void accountChanged(String key) {
        }

        /** Whether other nodes write to the same store (a cluster): then their mailboxes count too. */
        default boolean sharesStore() {
            return false;
        }
    }

    /** One account in the directory; {@code stored} changes under {@code lock}. */
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        final AtomicInteger offline = new AtomicInteger();
        volatile StoredAccount stored;

        Entry(StoredAccount stored) {
            this.stored = stored;
        }
    }

    private final AccountStore store;
    private final AccountSettings settings;
    private final Host host;
    private final HashPool pool;
    private final FailureThrottle throttle;
    private final Map<String, Entry> directory = new ConcurrentHashMap<>();
    private volatile String decoy;
    /** Reads accounts other nodes changed, one at a time, so the last change read is the last made. */
    private final java.util.concurrent.ExecutorService reloads =
            java.util.concurrent.Executors.newSingleThreadExecutor(Thread.ofVirtual().name("chat-account-reload").factory());

    Accounts(AccountStore store, AccountSettings settings, Host host, LongSupplier nanoClock) {
        this.store = store;
        this.settings = settings;
        this.host = host;
        this.throttle = new FailureThrottle(settings.failureLimit(), settings.failureWindow(), nanoClock);
        if (!store.keepsAccounts()) {
            this.pool = null;
            return;
        }
        this.pool = new HashPool(settings.hashThreads(), settings.hashQueue());
        for (StoredAccount account : store.accounts()) {
            directory.put(account.key(), new Entry(account));
        }
        store.offlineCounts().forEach((key, count) -> {
            Entry entry = directory.get(key);
            if (entry != null) {
                entry.offline.set(count);
            }
        });
        Thread.ofVirtual().name("chat-account-decoy").start(() -> {
            try {
                pool.run(this::decoy); // made before the first unknown name asks, so that one costs no more either
            } catch (HashPool.Busy | RuntimeException ignored) {
                // made by the first unknown name instead
            }
        });
        log.info("[ACCOUNTS] accounts={} argon2=m={},t={},p={} hash-threads={} hash-queue={} offline-max={}"
                        + " plaintext-auth-from={}", directory.size(), settings.argon2().memoryKiB(),
                settings.argon2().iterations(), settings.argon2().parallelism(), settings.hashThreads(),
                settings.hashQueue(), settings.offlineMax(),
                settings.plaintextAuthFrom().isEmpty() ? "none" : settings.plaintextAuthFrom());
    }

    /** Another node changed the account under {@code key}: read it again, off the caller's thread. */
    void reload(String key) {
        if (!store.keepsAccounts()) {
            return;
        }
        reloads.execute(() -> {
            try {
                store.account(key).ifPresentOrElse(this::keepRead, () -> directory.remove(key));
            } catch (StoreException e) {
                log.warn("[ACCOUNTS] reload=failed key={} error={}", key, Quoted.json(String.valueOf(e.getCause())));
            }
        });
    }

    /** Changes other nodes made may have been missed: reads every account again, off the caller's thread. */
    void reloadAll() {
        if (!store.keepsAccounts()) {
            return;
        }
        reloads.execute(() -> {
            try {
                Map<String, StoredAccount> stored = new java.util.HashMap<>();
                store.accounts().forEach(account -> stored.put(account.key(), account));
                directory.keySet().retainAll(stored.keySet());
                stored.values().forEach(this::keepRead);
            } catch (StoreException e) {
                log.warn("[ACCOUNTS] reload=failed error={}", Quoted.json(String.valueOf(e.getCause())));
            }
        });
    }

    /** An account as the store holds it now, into the directory (its mailbox count stays). */
    private void keepRead(StoredAccount account) {
        directory.compute(account.key(), (key, entry) -> {
            if (entry == null) {
                return new Entry(account);
            }
            entry.stored = account;
            return entry;
        });
    }

    // ---- the message path: memory only, never blocks ----

    /** The account's name as registered, or null. */
    String accountName(String name) {
        if (!store.keepsAccounts() || !Usernames.isValid(name)) {
            return null;
        }
        Entry entry = directory.get(Usernames.key(name));
        return entry == null ? null : entry.stored.name();
    }

    boolean isAccount(String key) {
        return directory.containsKey(key);
    }

    /** A DM to an account that is not online: kept in its mailbox, up to {@code --offline-max}. */
    AccountResult keepOffline(Session sender, String name, String text) {
        if (!store.keepsAccounts() || !Usernames.isValid(name)) {
            return AccountResult.USER_NOT_FOUND;
        }
        String key = Usernames.key(name);
        Entry entry = directory.get(key);
        if (entry == null) {
            return AccountResult.USER_NOT_FOUND;
        }
        if (entry.offline.incrementAndGet() > settings.offlineMax()) {
            entry.offline.decrementAndGet();
            return AccountResult.MAILBOX_FULL;
        }
        Instant now = Instant.now();
        store.storeOffline(key, sender.name(), text, now);
        if (sender.isAuthenticated()) {
            store.appendDirect(Usernames.key(sender.name()), key, sender.name(), text, now);
        }
        return AccountResult.OK;
    }

    /** A DM was delivered: kept in history when it is between two accounts. */
    void delivered(Session sender, String recipient, String text, Instant time) {
        if (!sender.isAuthenticated()) {
            return;
        }
        String to = Usernames.key(recipient);
        if (directory.containsKey(to)) {
            store.appendDirect(Usernames.key(sender.name()), to, sender.name(), text, time);
        }
    }

    // ---- commands: on the command's virtual thread, may block ----

    AccountResult register(ClientSession session, String password) {
        if (!store.keepsAccounts()) {
            return AccountResult.UNAVAILABLE;
        }
        AccountResult refused = refusePlaintext(session, "register", session.name());
        if (refused != null) {
            return refused;
        }
        String key = session.key();
        if (session.isAuthenticated() || directory.containsKey(key)) {
            return AccountResult.ALREADY_REGISTERED;
        }
        if (!isStrong(password)) {
            return AccountResult.WEAK_PASSWORD;
        }
        String hash;
        try {
            hash = pool.run(() -> PasswordHash.hash(password, settings.argon2()));
        } catch (HashPool.Busy e) {
            return busy(session, "register", session.name());
        }
        Instant now = Instant.now();
        StoredAccount account = new StoredAccount(key, session.name(), hash, now, now, false, StoredAccount.Reset.NONE);
        if (!store.create(account)) {
            return AccountResult.ALREADY_REGISTERED;
        }
        directory.put(key, new Entry(account));
        host.accountChanged(key);
        session.authenticated(true);
        log.info("[ACCOUNT] registered={} remote={}", session.name(), session.remoteAddress());
        return AccountResult.OK;
    }

    AccountResult authenticate(ClientSession session, String name, String password, String confirmation,
                               FlushBatch batch) {
        if (session.isLoggedIn()) {
            return AccountResult.ALREADY_LOGGED_IN;
        }
        if (!store.keepsAccounts()) {
            return AccountResult.UNAVAILABLE;
        }
        AccountResult refused = refusePlaintext(session, "auth", name);
        if (refused != null) {
            return refused;
        }
        boolean valid = Usernames.isValid(name);
        String key = valid ? Usernames.key(name) : null;
        // An invalid name can be no account: only its address is counted (and no line-long key kept).
        String userKey = valid ? "user:" + key : null;
        String addressKey = "address:" + addressOf(session);
        if (userKey != null && throttle.isThrottled(userKey) || throttle.isThrottled(addressKey)) {
            logAuth(name, session, "too-many-attempts");
            return AccountResult.TOO_MANY_ATTEMPTS;
        }
        Entry entry = valid ? directory.get(key) : null;
        StoredAccount account = entry == null ? null : entry.stored;
        String hash = account == null ? null : account.hash();
        boolean matches;
        try {
            matches = pool.run(() -> PasswordHash.verify(password, hash == null ? decoy() : hash));
        } catch (HashPool.Busy e) {
            return busy(session, "auth", name);
        }
        if (!matches || account == null || account.reset() == StoredAccount.Reset.USED) {
            if (userKey != null) {
                throttle.failed(userKey);
            }
            throttle.failed(addressKey);
            logAuth(name, session, account == null ? "unknown-name" : "bad-password");
            return AccountResult.BAD_CREDENTIALS;
        }
        if (account.locked()) {
            logAuth(account.name(), session, "locked");
            return AccountResult.ACCOUNT_LOCKED;
        }
        throttle.succeeded(userKey);
        LoginResult login = host.login(session, account.name(), confirmation, batch);
        if (login == LoginResult.NAME_TAKEN && settings.allowMultiLogin()) {
            ClientSession online = host.online(key);
            if (online != null && online.isAuthenticated()) {
                login = host.loginAlongside(session, account.name(), confirmation, batch);
            }
        }
        if (login != LoginResult.OK) {
            AccountResult notLoggedIn = switch (login) {
                case ALREADY_LOGGED_IN -> AccountResult.ALREADY_LOGGED_IN;
                case CLUSTER_UNAVAILABLE -> AccountResult.CLUSTER_UNAVAILABLE;
                default -> AccountResult.USERNAME_TAKEN;
            };
            logAuth(account.name(), session, notLoggedIn.errorCode());
            return notLoggedIn;
        }
        session.authenticated(true);
        logAuth(account.name(), session, "ok");
        boolean oneTime = account.reset() == StoredAccount.Reset.PENDING;
        deliverOffline(session, key, entry, batch);
        if (oneTime) {
            session.send(Replies.PASSWORD_CHANGE_REQUIRED, batch);
        }
        afterLogin(entry, password, oneTime);
        return AccountResult.OK;
    }

    /** The mailbox, right after the confirmation: {@code INFO offline-messages n}, then the DMs, oldest first. */
    private void deliverOffline(ClientSession session, String key, Entry entry, FlushBatch batch) {
        if (entry.offline.get() == 0 && !host.sharesStore()) {
            return;
        }
        List<OfflineMessage> kept;
        try {
            kept = store.takeOffline(key);
        } catch (StoreException e) {
            log.warn("[ACCOUNTS] offline=failed user={} error={}", session.name(), Quoted.json(String.valueOf(e.getCause())));
            return; // they stay kept for the next AUTH
        }
        entry.offline.updateAndGet(count -> Math.max(0, count - kept.size()));
        if (kept.isEmpty()) {
            return;
        }
        session.send(Replies.offlineMessages(kept.size()), batch);
        for (OfflineMessage message : kept) {
            session.send(Replies.direct(message.sender(), message.text()), batch);
        }
        log.info("[ACCOUNTS] offline-delivered={} user={}", kept.size(), session.name());
    }

    /** Records the login; rehashes an old-parameter hash; spends a one-time password. Off the reply's path. */
    private void afterLogin(Entry entry, String password, boolean oneTime) {
        boolean rehash = PasswordHash.needsRehash(entry.stored.hash(), settings.argon2());
        Thread.ofVirtual().name("chat-account-seen").start(() -> {
            try {
                String newHash = null;
                if (rehash && !oneTime) {
                    newHash = pool.run(() -> PasswordHash.hash(password, settings.argon2()));
                }
                entry.lock.lock();
                try {
                    StoredAccount current = entry.stored.withLastSeen(Instant.now());
                    if (newHash != null) {
                        current = current.withHash(newHash, current.reset());
                    }
                    if (oneTime && current.reset() == StoredAccount.Reset.PENDING) {
                        current = current.withHash(current.hash(), StoredAccount.Reset.USED);
                    }
                    store.update(current);
                    entry.stored = current;
                    host.accountChanged(current.key());
                } finally {
                    entry.lock.unlock();
                }
                if (newHash != null) {
                    log.info("[ACCOUNT] rehashed={} argon2=m={},t={},p={}", entry.stored.name(),
                            settings.argon2().memoryKiB(), settings.argon2().iterations(), settings.argon2().parallelism());
                }
            } catch (HashPool.Busy e) {
                // rehashed at a later login instead
            } catch (StoreException e) {
                log.warn("[ACCOUNTS] update=failed user={} error={}", entry.stored.name(), Quoted.json(String.valueOf(e.getCause())));
            }
        });
    }

    AccountResult changePassword(ClientSession session, String oldPassword, String newPassword) {
        if (!store.keepsAccounts()) {
            return AccountResult.UNAVAILABLE;
        }
        if (!session.isAuthenticated()) {
            return AccountResult.NOT_AUTHENTICATED;
        }
        AccountResult refused = refusePlaintext(session, "password", session.name());
        if (refused != null) {
            return refused;
        }
        Entry entry = directory.get(session.key());
        if (entry == null) {
            return AccountResult.NOT_AUTHENTICATED;
        }
        String userKey = "user:" + session.key();
        if (throttle.isThrottled(userKey)) {
            return AccountResult.TOO_MANY_ATTEMPTS;
        }
        String current = entry.stored.hash();
        boolean strong = isStrong(newPassword);
        String newHash;
        try {
            if (!pool.run(() -> PasswordHash.verify(oldPassword, current))) {
                throttle.failed(userKey);
                logAuth(session.name(), session, "password-bad-password");
                return AccountResult.BAD_CREDENTIALS;
            }
            if (!strong) {
                return AccountResult.WEAK_PASSWORD;
            }
            newHash = pool.run(() -> PasswordHash.hash(newPassword, settings.argon2()));
        } catch (HashPool.Busy e) {
            return busy(session, "password", session.name());
        }
        entry.lock.lock();
        try {
            StoredAccount changed = entry.stored.withHash(newHash, StoredAccount.Reset.NONE);
            store.update(changed);
            entry.stored = changed;
            host.accountChanged(changed.key());
        } finally {
            entry.lock.unlock();
        }
        log.info("[ACCOUNT] password-changed={} remote={}", session.name(), session.remoteAddress());
        return AccountResult.OK;
    }

    AccountResult unregister(ClientSession session, String password) {
        if (!store.keepsAccounts()) {
            return AccountResult.UNAVAILABLE;
        }
        if (!session.isAuthenticated()) {
            return AccountResult.NOT_AUTHENTICATED;
        }
        AccountResult refused = refusePlaintext(session, "unregister", session.name());
        if (refused != null) {
            return refused;
        }
        Entry entry = directory.get(session.key());
        if (entry == null) {
            return AccountResult.NOT_AUTHENTICATED;
        }
        String hash = entry.stored.hash();
        try {
            if (!pool.run(() -> PasswordHash.verify(password, hash))) {
                throttle.failed("user:" + session.key());
                logAuth(session.name(), session, "unregister-bad-password");
                return AccountResult.BAD_CREDENTIALS;
            }
        } catch (HashPool.Busy e) {
            return busy(session, "unregister", session.name());
        }
        store.delete(session.key());
        directory.remove(session.key(), entry);
        host.accountChanged(session.key());
        session.authenticated(false);
        log.info("[ACCOUNT] unregistered={} remote={}", session.name(), session.remoteAddress());
        return AccountResult.OK;
    }

    /** {@code HISTORY @name}: the DMs between the authenticated asker and that name. */
    RoomHistory directHistory(Session asker, String name, int count, long beforeId) {
        String shownName = accountName(name);
        String scope = "@" + (shownName == null ? name : shownName);
        if (!asker.isAuthenticated()) {
            return RoomHistory.refused(RoomResult.NOT_AUTHENTICATED, scope);
        }
        if (!Usernames.isValid(name)) {
            return RoomHistory.refused(RoomResult.INVALID_USERNAME, scope);
        }
        if (count == 0) {
            return new RoomHistory(RoomResult.OK, scope, List.of());
        }
        try {
            List<HistoryEntry> page = store.directPage(Usernames.key(asker.name()), Usernames.key(name), count, beforeId);
            return new RoomHistory(RoomResult.OK, scope, page);
        } catch (StoreException e) {
            log.warn("[STORE] read=failed scope=direct error={}", Quoted.json(String.valueOf(e.getCause())));
            return RoomHistory.refused(RoomResult.HISTORY_UNAVAILABLE, scope);
        }
    }

    // ---- operators ----

    /** Every account, sorted by name ignoring case, with whether it is online. */
    List<AccountStatus> list() {
        List<AccountStatus> listing = new ArrayList<>();
        for (Entry entry : directory.values()) {
            StoredAccount account = entry.stored;
            listing.add(new AccountStatus(account.name(), account.created(), account.lastSeen(), account.locked(),
                    account.reset() != StoredAccount.Reset.NONE, host.online(account.key()) != null, entry.offline.get()));
        }
        listing.sort(Comparator.comparing(AccountStatus::name, String.CASE_INSENSITIVE_ORDER));
        return listing;
    }

    /** Deletes an account (its online session stays, as a guest). @return false when there is none */
    boolean delete(String name) {
        Entry entry = find(name);
        if (entry == null) {
            return false;
        }
        store.delete(entry.stored.key());
        directory.remove(entry.stored.key(), entry);
        host.accountChanged(entry.stored.key());
        ClientSession online = host.online(entry.stored.key());
        if (online != null) {
            online.authenticated(false);
        }
        log.info("[ACCOUNT] deleted={} by=operator", entry.stored.name());
        return true;
    }

    /**
     * Gives an account a one-time password, returned to print once: it works for one {@code AUTH},
     * whose session reads {@code INFO password-change-required}; after that session it is void.
     *
     * @return the one-time password, or null when there is no such account
     */
    String reset(String name) throws HashPool.Busy {
        Entry entry = find(name);
        if (entry == null) {
            return null;
        }
        char[] chars = new char[ONE_TIME_LENGTH];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ONE_TIME_ALPHABET[RANDOM.nextInt(ONE_TIME_ALPHABET.length)];
        }
        String oneTime = new String(chars);
        String hash = pool.run(() -> PasswordHash.hash(oneTime, settings.argon2()));
        entry.lock.lock();
        try {
            StoredAccount changed = entry.stored.withHash(hash, StoredAccount.Reset.PENDING);
            store.update(changed);
            entry.stored = changed;
            host.accountChanged(changed.key());
        } finally {
            entry.lock.unlock();
        }
        log.info("[ACCOUNT] reset={} by=operator", entry.stored.name());
        return oneTime;
    }

    /** Locks or unlocks an account. @return false when there is none */
    boolean lock(String name, boolean locked) {
        Entry entry = find(name);
        if (entry == null) {
            return false;
        }
        entry.lock.lock();
        try {
            StoredAccount changed = entry.stored.withLocked(locked);
            store.update(changed);
            entry.stored = changed;
            host.accountChanged(changed.key());
        } finally {
            entry.lock.unlock();
        }
        log.info("[ACCOUNT] {}={} by=operator", locked ? "locked" : "unlocked", entry.stored.name());
        return true;
    }

    private Entry find(String name) {
        if (!store.keepsAccounts() || !Usernames.isValid(name)) {
            return null;
        }
        return directory.get(Usernames.key(name));
    }

    // ---- shared checks ----

    /** ERR tls-required for a password on plain TCP from outside --plaintext-auth-from; null when allowed. */
    private AccountResult refusePlaintext(Session session, String command, String name) {
        if (session.isSecure() || settings.allowsPlaintextFrom(session.clientAddress())) {
            return null;
        }
        logAuth(name, session, command.equals("auth") ? "tls-required" : command + "-tls-required");
        return AccountResult.TLS_REQUIRED;
    }

    /** 10 to 256 characters, no blanks (a password is one word of the line, so PASSWORD's two can be told apart). */
    private static boolean isStrong(String password) {
        if (password.indexOf(' ') >= 0 || password.indexOf('\t') >= 0) {
            return false;
        }
        int length = password.codePointCount(0, password.length());
        return length >= AccountSettings.MIN_PASSWORD_LENGTH && length <= AccountSettings.MAX_PASSWORD_LENGTH;
    }

    private AccountResult busy(Session session, String command, String name) {
        log.warn("[AUTH] user={} remote={} result=busy command={} queued={}", printable(name), session.remoteAddress(),
                command, pool.queued());
        return AccountResult.SERVER_BUSY;
    }

    /** A hash of a random password with the current parameters: what an unknown name is checked against. On a hashing thread. */
    private String decoy() {
        String current = decoy;
        if (current == null) {
            byte[] random = new byte[24];
            RANDOM.nextBytes(random);
            current = PasswordHash.hash(java.util.HexFormat.of().formatHex(random), settings.argon2());
            decoy = current;
        }
        return current;
    }

    private static String addressOf(Session session) {
        return session.clientAddress() == null ? session.remoteAddress() : session.clientAddress().getHostAddress();
    }

    private static void logAuth(String name, Session session, String result) {
        log.info("[AUTH] user={} remote={} result={}", printable(name), session.remoteAddress(), result);
    }

    /** A name as typed may be anything: quoted unless it is a valid name. */
    private static String printable(String name) {
        return name != null && Usernames.isValid(name) ? name : Quoted.json(String.valueOf(name));
    }

    @Override
    public void close() {
        reloads.shutdownNow();
        if (pool != null) {
            pool.close();
        }
    }
}
