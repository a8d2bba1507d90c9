package io.socketchat.server.store;

import io.socketchat.server.spi.HistoryEntry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where accounts live, with what belongs to them: the {@code DM}s kept for an account that was
 * not online, and the history of {@code DM}s between two accounts. One node keeps them in its
 * SQLite database (beside the history, same file); a cluster in PostgreSQL. Accounts are keyed by
 * {@code Usernames.key} of their name, so names are unique ignoring case and Unicode form.
 *
 * <p>Threading: every method is thread-safe. {@link #storeOffline} and {@link #appendDirect}
 * never block: they run on the message path ({@code DM}, often on an I/O loop) and only queue
 * work for the store's writer. Every other method may block; the server calls them from virtual
 * threads (a command) or the console. A reader sees every write accepted before it was called.
 *
 * <p>Faults: a method that may block throws {@link StoreException} when the database fails; the
 * two that never block count a lost write instead, as {@link MessageStore#append} does.
 */
public interface AccountStore {

    /** Every account, for the server's directory at start (names, locks and hashes). */
    List<StoredAccount> accounts();

    /**
     * The account under {@code key}, as stored now: what a node of a cluster reads when another
     * node changed it. A store may answer it with one query; this default looks through {@link #accounts}.
     *
     * @since SPI 1.4
     */
    default java.util.Optional<StoredAccount> account(String key) {
        return accounts().stream().filter(account -> account.key().equals(key)).findFirst();
    }

    /**
     * Creates an account.
     *
     * @return false when an account with that key exists (nothing changed)
     */
    boolean create(StoredAccount account);

    /** Replaces an account's hash, lock, reset state and last-seen time. @return false when there is no such account */
    boolean update(StoredAccount account);

    /** Deletes an account and the messages kept for it (its {@code DM} history stays until retention). @return false when there was none */
    boolean delete(String key);

    /** Keeps a {@code DM} for an account until {@link #takeOffline}. Never blocks. */
    void storeOffline(String recipientKey, String sender, String text, Instant time);

    /** The messages kept for an account, oldest first, removed from the store as they are returned. */
    List<OfflineMessage> takeOffline(String recipientKey);

    /** How many messages are kept for each account that has any (the server's mailbox counts at start). */
    Map<String, Integer> offlineCounts();

    /**
     * Stores a {@code DM} between two accounts in history, under the same ids and retention as
     * room messages. Never blocks.
     *
     * @return its id, or 0 when this store keeps nothing
     */
    long appendDirect(String keyA, String keyB, String sender, String text, Instant time);

    /**
     * Up to {@code count} of the newest {@code DM}s between two accounts (either order) with an id
     * below {@code beforeId}, oldest first.
     */
    List<HistoryEntry> directPage(String keyA, String keyB, int count, long beforeId);

    /**
     * No accounts at all ({@code --no-history}): the server then refuses {@code REGISTER} and
     * {@code AUTH} with {@code ERR accounts-unavailable}, and every name is a guest name.
     */
    static AccountStore none() {
        return NoAccounts.INSTANCE;
    }

    /** Whether this is {@link #none()}. */
    default boolean keepsAccounts() {
        return true;
    }

    /**
     * The history scope of the {@code DM}s between two accounts, the same whichever is first:
     * {@code @} and the two keys in order, a space between (a key holds no blank or {@code @},
     * so no room, the lobby or another pair has it).
     */
    static String directScope(String keyA, String keyB) {
        return keyA.compareTo(keyB) <= 0 ? "@" + keyA + " " + keyB : "@" + keyB + " " + keyA;
    }
}
