package io.socketchat.console;

import io.socketchat.server.AccountSettings;
import io.socketchat.server.store.AccountStore;
import io.socketchat.server.store.MessageStore;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The accounts' flags (mailboxes, where passwords may come in clear, hashing, throttling), mixed into {@code chat-server}'s options. */
public final class AccountOptions {

    @Option(names = "--offline-max", converter = Converters.Count.class,
            defaultValue = "" + AccountSettings.DEFAULT_OFFLINE_MAX, paramLabel = "N",
            description = "DMs kept for one offline account until its next AUTH; past it the sender gets"
                    + " ERR mailbox-full (env CHAT_OFFLINE_MAX; default ${DEFAULT-VALUE}).")
    int offlineMax;

    @Option(names = "--plaintext-auth-from", converter = Converters.Ranges.class,
            defaultValue = AccountSettings.DEFAULT_PLAINTEXT_AUTH_FROM, paramLabel = "CIDR,...|none",
            description = "Addresses that may send passwords (AUTH, REGISTER, PASSWORD, UNREGISTER) over plain TCP;"
                    + " from anywhere else they get ERR tls-required and the password is not checked. TLS is always"
                    + " allowed; 'none' means TLS only (env CHAT_PLAINTEXT_AUTH_FROM; default ${DEFAULT-VALUE}).")
    Converters.AddressRanges plaintextAuthFrom;

    @Option(names = "--argon2-memory", converter = Converters.Count.class,
            defaultValue = "" + AccountSettings.Argon2.DEFAULT_MEMORY_KIB, paramLabel = "KIB",
            description = "Argon2id memory per password hash in KiB; each hash running holds it. Stored with each hash:"
                    + " raising it rehashes a password at its next AUTH (env CHAT_ARGON2_MEMORY; default ${DEFAULT-VALUE},"
                    + " OWASP's 19 MiB).")
    int argon2Memory;

    @Option(names = "--argon2-iterations", converter = Converters.Count.class,
            defaultValue = "" + AccountSettings.Argon2.DEFAULT_ITERATIONS, paramLabel = "N",
            description = "Argon2id passes over its memory (env CHAT_ARGON2_ITERATIONS; default ${DEFAULT-VALUE}).")
    int argon2Iterations;

    @Option(names = "--argon2-parallelism", converter = Converters.Count.class,
            defaultValue = "" + AccountSettings.Argon2.DEFAULT_PARALLELISM, paramLabel = "N",
            description = "Argon2id lanes (env CHAT_ARGON2_PARALLELISM; default ${DEFAULT-VALUE}).")
    int argon2Parallelism;

    @Option(names = "--hash-threads", converter = Converters.Count.class, paramLabel = "N",
            description = "Threads that hash passwords, never the I/O loops (env CHAT_HASH_THREADS; default: one per"
                    + " core but one, at least one, so a core stays for the chat during an AUTH storm).")
    Integer hashThreads;

    @Option(names = "--hash-queue", converter = Converters.Count.class,
            defaultValue = "" + AccountSettings.DEFAULT_HASH_QUEUE, paramLabel = "N",
            description = "Password checks that may wait for a hashing thread; past it ERR server-busy, so an AUTH"
                    + " storm costs bounded memory (env CHAT_HASH_QUEUE; default ${DEFAULT-VALUE}).")
    int hashQueue;

    @Option(names = "--auth-failures", converter = Converters.Count.class,
            defaultValue = "" + AccountSettings.DEFAULT_FAILURE_LIMIT, paramLabel = "N",
            description = "Failed AUTHs per account and per address within --auth-failure-window after which AUTH"
                    + " answers ERR too-many-attempts (env CHAT_AUTH_FAILURES; default ${DEFAULT-VALUE}).")
    int authFailures;

    @Option(names = "--auth-failure-window", converter = Converters.Timeout.class,
            defaultValue = AccountSettings.DEFAULT_FAILURE_WINDOW_MINUTES + "m", paramLabel = "DURATION",
            description = "How long a failed AUTH counts (env CHAT_AUTH_FAILURE_WINDOW; default ${DEFAULT-VALUE}).")
    Duration authFailureWindow;

    @Option(names = "--allow-multi-login",
            description = "Let an account that is online AUTH again from another connection of the same node; both"
                    + " sessions then get everything (env CHAT_ALLOW_MULTI_LOGIN; default: off, ERR username-taken).")
    boolean allowMultiLogin;

    /** The settings these flags describe. */
    AccountSettings settings() {
        return new AccountSettings(offlineMax, plaintextAuthFrom.ranges(),
                new AccountSettings.Argon2(argon2Memory, argon2Iterations, argon2Parallelism),
                hashThreads != null ? hashThreads : AccountSettings.defaultHashThreads(), hashQueue, authFailures,
                authFailureWindow, allowMultiLogin);
    }

    /** Accounts live in the history database: SQLite's and PostgreSQL's stores are both; without history there are none. */
    static AccountStore storeOf(MessageStore history) {
        return history instanceof AccountStore accounts ? accounts : AccountStore.none();
    }
}
