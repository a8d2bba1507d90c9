package io.socketchat.server.store;

import io.socketchat.server.spi.HistoryEntry;

import java.time.Instant;
import java.util.List;

/** {@link MessageStore#none()}: a server that keeps nothing. */
enum NoHistory implements MessageStore {
    INSTANCE;

    @Override
    public long append(String scope, String sender, String text, Instant time) {
        return 0;
    }

    @Override
    public List<HistoryEntry> page(String scope, int count, long beforeId) {
        return List.of();
    }

    @Override
    public void roomCreated(String key, String name) {
    }

    @Override
    public void topicSet(String key, String name, String setter, String topic, Instant time) {
    }

    @Override
    public List<StoredRoom> rooms() {
        return List.of();
    }

    @Override
    public long count(String scope) {
        return 0;
    }

    @Override
    public long purge(String scope) {
        return 0;
    }

    @Override
    public void close() {
    }
}
