package io.socketchat.server.store;

import io.socketchat.server.spi.HistoryEntry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@link AccountStore#none()}: a server without accounts. */
enum NoAccounts implements AccountStore {
    INSTANCE;

    @Override
    public List<StoredAccount> accounts() {
        return List.of();
    }

    @Override
    public boolean create(StoredAccount account) {
        return false;
    }

    @Override
    public boolean update(StoredAccount account) {
        return false;
    }

    @Override
    public boolean delete(String key) {
        return false;
    }

    @Override
    public void storeOffline(String recipientKey, String sender, String text, Instant time) {
    }

    @Override
    public List<OfflineMessage> takeOffline(String recipientKey) {
        return List.of();
    }

    @Override
    public Map<String, Integer> offlineCounts() {
        return Map.of();
    }

    @Override
    public long appendDirect(String keyA, String keyB, String sender, String text, Instant time) {
        return 0;
    }

    @Override
    public List<HistoryEntry> directPage(String keyA, String keyB, int count, long beforeId) {
        return List.of();
    }

    @Override
    public boolean keepsAccounts() {
        return false;
    }
}
