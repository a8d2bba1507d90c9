package io.socketchat.server.store;

import java.time.Instant;

/**
 * An account as the store keeps it.
 *
 * @param key      {@code Usernames.key} of its name: unique, so names are unique ignoring case
 * @param name     as registered (shown in {@code INFO offline <name>} and to operators)
 * @param hash     the password hash with its parameters, e.g. {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}
 * @param created  when it was registered
 * @param lastSeen the last successful {@code AUTH}, or {@code null} if there was none
 * @param locked   an operator locked it: {@code AUTH} is refused
 * @param reset    the state of an operator's one-time password
 */
public record StoredAccount(String key, String name, String hash, Instant created, Instant lastSeen, boolean locked,
                            Reset reset) {

    /** An operator's {@code account reset}: the one-time password works for one {@code AUTH}, then {@code PASSWORD} must follow. */
    public enum Reset {
        /** An ordinary password. */
        NONE,
        /** A one-time password, not used yet. */
        PENDING,
        /** The one-time password was used once and not changed: {@code AUTH} with it is refused. */
        USED
    }

    public StoredAccount withHash(String newHash, Reset newReset) {
        return new StoredAccount(key, name, newHash, created, lastSeen, locked, newReset);
    }

    public StoredAccount withLocked(boolean value) {
        return new StoredAccount(key, name, hash, created, lastSeen, value, reset);
    }

    public StoredAccount withLastSeen(Instant value) {
        return new StoredAccount(key, name, hash, created, value, locked, reset);
    }
}
