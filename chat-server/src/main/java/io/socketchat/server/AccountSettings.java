package io.socketchat.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How accounts work: passwords, hashing, throttling and offline mailboxes. Each default is defined
 * once, here; the command line shows these constants.
 *
 * @param offlineMax        {@code DM}s kept per offline account; past it the sender gets
 *                          {@code ERR mailbox-full} (default 1,000)
 * @param plaintextAuthFrom the addresses that may send a password over plain TCP (default loopback;
 *                          empty: only TLS); a password from anywhere else gets {@code ERR tls-required}
 *                          and is not checked. TLS connections are always allowed
 * @param argon2            the Argon2id parameters new hashes get; a login with a hash of other
 *                          parameters rehashes it (default OWASP's: 19 MiB, 2 passes, 1 lane)
 * @param hashThreads       platform threads that hash passwords (default: one per core but one, at least one)
 * @param hashQueue         hash requests that may wait for a thread; past it {@code ERR server-busy}
 *                          (default 256)
 * @param failureLimit      failed {@code AUTH}s per account and per address within {@code failureWindow}
 *                          after which {@code AUTH} answers {@code ERR too-many-attempts} (default 5)
 * @param failureWindow     how long a failure counts (default 5 minutes)
 * @param allowMultiLogin   whether an account online on this node may {@code AUTH} again from another
 *                          connection, both sessions then getting everything (default: no, {@code ERR
 *                          username-taken})
 */
public record AccountSettings(int offlineMax, List<Cidr> plaintextAuthFrom, Argon2 argon2, int hashThreads,
                              int hashQueue, int failureLimit, Duration failureWindow, boolean allowMultiLogin) {

    public static final int DEFAULT_OFFLINE_MAX = 1_000;
    public static final String DEFAULT_PLAINTEXT_AUTH_FROM = "127.0.0.0/8,::1";
    public static final int DEFAULT_HASH_QUEUE = 256;
    public static final int DEFAULT_FAILURE_LIMIT = 5;
    public static final int DEFAULT_FAILURE_WINDOW_MINUTES = 5;
    public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofMinutes(DEFAULT_FAILURE_WINDOW_MINUTES);
    public static final int MIN_PASSWORD_LENGTH = 10;
    public static final int MAX_PASSWORD_LENGTH = 256;

    /**
     * Argon2id's cost parameters (RFC 9106), stored with every hash.
     *
     * @param memoryKiB   memory per hash in KiB (default 19,456: 19 MiB)
     * @param iterations  passes over the memory (default 2)
     * @param parallelism lanes (default 1)
     */
    public record Argon2(int memoryKiB, int iterations, int parallelism) {

        public static final int DEFAULT_MEMORY_KIB = 19_456;
        public static final int DEFAULT_ITERATIONS = 2;
        public static final int DEFAULT_PARALLELISM = 1;
        public static final Argon2 OWASP = new Argon2(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, DEFAULT_PARALLELISM);

        public Argon2 {
            if (parallelism < 1 || parallelism > 255) {
                throw new IllegalArgumentException("Argon2 parallelism must be 1-255: " + parallelism);
            }
            if (memoryKiB < 8 * parallelism || memoryKiB > 4 * 1024 * 1024) {
                throw new IllegalArgumentException("Argon2 memory must be " + 8 * parallelism + " KiB to 4 GiB: " + memoryKiB);
            }
            if (iterations < 1 || iterations > 100) {
                throw new IllegalArgumentException("Argon2 iterations must be 1-100: " + iterations);
            }
        }
    }

    public static final AccountSettings DEFAULTS = new AccountSettings(DEFAULT_OFFLINE_MAX,
            Cidr.parseList(DEFAULT_PLAINTEXT_AUTH_FROM), Argon2.OWASP, defaultHashThreads(), DEFAULT_HASH_QUEUE,
            DEFAULT_FAILURE_LIMIT, DEFAULT_FAILURE_WINDOW, false);

    /**
     * One hashing thread per core but one (at least one): hashing is all CPU, so more threads would
     * only queue on the cores, and the core left over keeps the chat's I/O loops answering during an
     * {@code AUTH} storm (on 2 cores, two hashing threads raised bystanders' DM p99 about 15 times,
     * one left it as it was; docs/performance/accounts-2026-12-03.md).
     */
    public static int defaultHashThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    public AccountSettings {
        plaintextAuthFrom = List.copyOf(Objects.requireNonNull(plaintextAuthFrom, "plaintextAuthFrom"));
        Objects.requireNonNull(argon2, "argon2");
        Objects.requireNonNull(failureWindow, "failureWindow");
        if (offlineMax < 0) {
            throw new IllegalArgumentException("offlineMax must not be negative: " + offlineMax);
        }
        if (hashThreads < 1 || hashQueue < 1) {
            throw new IllegalArgumentException("hashThreads and hashQueue must be at least 1: " + hashThreads + ", " + hashQueue);
        }
        if (failureLimit < 1) {
            throw new IllegalArgumentException("failureLimit must be at least 1: " + failureLimit);
        }
        if (failureWindow.isNegative() || failureWindow.isZero()) {
            throw new IllegalArgumentException("failureWindow must be positive: " + failureWindow);
        }
    }

    public AccountSettings withMultiLogin(boolean value) {
        return new AccountSettings(offlineMax, plaintextAuthFrom, argon2, hashThreads, hashQueue, failureLimit, failureWindow, value);
    }

    public AccountSettings withOfflineMax(int value) {
        return new AccountSettings(value, plaintextAuthFrom, argon2, hashThreads, hashQueue, failureLimit, failureWindow, allowMultiLogin);
    }

    public AccountSettings withPlaintextAuthFrom(List<Cidr> value) {
        return new AccountSettings(offlineMax, value, argon2, hashThreads, hashQueue, failureLimit, failureWindow, allowMultiLogin);
    }

    public AccountSettings withArgon2(Argon2 value) {
        return new AccountSettings(offlineMax, plaintextAuthFrom, value, hashThreads, hashQueue, failureLimit, failureWindow, allowMultiLogin);
    }

    public AccountSettings withHashing(int threads, int queue) {
        return new AccountSettings(offlineMax, plaintextAuthFrom, argon2, threads, queue, failureLimit, failureWindow, allowMultiLogin);
    }

    public AccountSettings withThrottle(int limit, Duration window) {
        return new AccountSettings(offlineMax, plaintextAuthFrom, argon2, hashThreads, hashQueue, limit, window, allowMultiLogin);
    }

    /** Whether a password may come over plain TCP from {@code address}. */
    public boolean allowsPlaintextFrom(java.net.InetAddress address) {
        if (address == null) {
            return false;
        }
        for (Cidr range : plaintextAuthFrom) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
