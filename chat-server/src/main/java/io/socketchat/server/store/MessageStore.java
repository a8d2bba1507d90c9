package io.socketchat.server.store;

import io.socketchat.server.spi.HistoryEntry;

import java.time.Instant;
import java.util.List;

/**
 * Where the chat's history is kept: lobby messages and room messages, each with an id, a time,
 * a sender and a text, plus what a room keeps between restarts (its name as first created and
 * its topic). One node uses the SQLite implementation; a cluster shares a PostgreSQL one; a
 * later version adds accounts and direct messages to the same store.
 *
 * <p>Scopes: {@link #LOBBY} for the lobby, a room's key ({@code RoomNames.key}, e.g.
 * {@code #java}) for a room.
 *
 * <p>Threading: every method is thread-safe. {@link #append}, {@link #roomCreated} and
 * {@link #topicSet} never block: they run on the message path, often on an I/O loop, and only
 * queue work for the store's own writer. {@link #page}, {@link #count}, {@link #purge} and
 * {@link #close} may block; the server calls them only from virtual threads or the console.
 *
 * <p>Faults: a store that cannot write goes on accepting (and losing, counted) what it is given
 * and recovers by itself; the chat never waits for it.
 */
public interface MessageStore extends AutoCloseable {

    /** The scope of lobby messages. */
    String LOBBY = "*";

    /**
     * Accepts a message for storing and returns its id: increasing in the order of calls, and
     * across restarts. Never blocks.
     *
     * @return the id, or 0 when this store keeps nothing
     */
    long append(String scope, String sender, String text, Instant time);

    /**
     * Up to {@code count} of the newest messages of {@code scope} with an id below
     * {@code beforeId} ({@link Long#MAX_VALUE} for the newest), oldest first. Sees every message
     * {@link #append}ed before the call.
     *
     * @throws StoreException when the store cannot be read
     */
    List<HistoryEntry> page(String scope, int count, long beforeId);

    /** A room was created with this name (kept only if none was known under {@code key}). Never blocks. */
    void roomCreated(String key, String name);

    /** A room's topic was set. Never blocks. */
    void topicSet(String key, String name, String setter, String topic, Instant time);

    /** The rooms remembered from earlier runs: those with a topic or stored messages. */
    List<StoredRoom> rooms();

    /** How many messages of {@code scope} are stored (those accepted but not yet written included). */
    long count(String scope);

    /**
     * Deletes every message of {@code scope} (in small batches) and, for a room, what is
     * remembered of it. Blocks until done.
     *
     * @return how many messages were deleted
     * @throws StoreException when the store cannot be written
     */
    long purge(String scope);

    /** Writes everything accepted so far, then releases the store. Later appends are ignored. */
    @Override
    void close();

    /** A store that keeps nothing ({@code --no-history}): ids are 0, pages are empty. */
    static MessageStore none() {
        return NoHistory.INSTANCE;
    }
}
