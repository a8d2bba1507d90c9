package io.socketchat.commands;

import io.socketchat.server.AccountSettings;
import io.socketchat.server.store.StoredAccount;
import io.socketchat.store.sqlite.SqliteStore;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 500 clients send {@code AUTH} at once, with OWASP's Argon2id parameters (19 MiB a hash), while two
 * guests exchange numbered DMs: every AUTH is answered {@code OK} or {@code ERR server-busy} (the
 * bounded queue), the two chatters get every message in order, and the heap stays bounded (the
 * peak is printed for the report).
 */
class AuthStormEndToEndTest {

    private static final int CLIENTS = 500;
    private static final int MESSAGES = 300;
    private static final String PASSWORD = "storm-password-1";

    @TempDir
    Path dataDirectory;

    @Test
    void fiveHundredConcurrentAuthsNeitherLoseChatNorGrowTheHeap() throws Exception {
        // One hash for every account (the same password and salt), made by a REGISTER: the storm is
        // about checking passwords, not making them.
        SqliteStore first = AccountsEndToEndTest.openStore(dataDirectory);
        try (ChatFixture seed = ChatFixture.startWithAccounts(ChatFixture.config(), first, AccountSettings.DEFAULTS,
                System::nanoTime, null, null)) {
            TestClient seeder = seed.login("seed");
            seeder.send("REGISTER " + PASSWORD);
            assertThat(seeder.readLine()).isEqualTo("OK");
        }
        SqliteStore store = AccountsEndToEndTest.openStore(dataDirectory);
        String hash = store.accounts().getFirst().hash();
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        Instant now = Instant.now();
        for (int i = 0; i < CLIENTS; i++) {
            store.create(new StoredAccount("user" + i, "user" + i, hash, now, null, false, StoredAccount.Reset.NONE));
        }
        AccountSettings settings = AccountSettings.DEFAULTS; // OWASP's parameters, a thread per core, a queue of 256
        Runtime memory = Runtime.getRuntime();
        System.gc();
        long baseline = (memory.totalMemory() - memory.freeMemory());
        try (ChatFixture chat = ChatFixture.startWithAccounts(ChatFixture.config(), store, settings, System::nanoTime,
                null, null)) {
            TestClient alice = chat.login("alice");
            TestClient bob = chat.login("bob");
            AtomicLong peak = new AtomicLong();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().start(() -> {
                while (sampling.get()) {
                    peak.accumulateAndGet((memory.totalMemory() - memory.freeMemory()), Math::max);
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                }
            });

            CountDownLatch go = new CountDownLatch(1);
            Map<String, Integer> answers = new ConcurrentHashMap<>();
            List<Thread> storm = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                TestClient client = chat.connect();
                client.setReadTimeout(Duration.ofMinutes(2));
                String name = "user" + i;
                storm.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                        client.send("AUTH " + name + " " + PASSWORD);
                        answers.merge(client.readLine(), 1, Integer::sum);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            Thread aliceSends = Thread.ofVirtual().unstarted(() -> {
                for (int n = 0; n < MESSAGES; n++) {
                    alice.send("DM bob a" + n);
                }
            });
            Thread bobSends = Thread.ofVirtual().unstarted(() -> {
                for (int n = 0; n < MESSAGES; n++) {
                    bob.send("DM alice b" + n);
                }
            });
            go.countDown();
            aliceSends.start();
            bobSends.start();
            for (int n = 0; n < MESSAGES; n++) {
                assertThat(bob.readLine()).isEqualTo("DM alice a" + n);
                assertThat(alice.readLine()).isEqualTo("DM bob b" + n);
            }
            for (Thread thread : storm) {
                thread.join();
            }
            sampling.set(false);
            sampler.join();

            int ok = answers.getOrDefault("OK", 0);
            int busy = answers.getOrDefault("ERR server-busy", 0);
            assertThat(ok + busy).as(answers.toString()).isEqualTo(CLIENTS);
            assertThat(ok).isGreaterThanOrEqualTo(settings.hashQueue());
            assertThat(chat.server().users()).hasSize(ok + 2);
            long peakMiB = (peak.get() - Math.min(baseline, peak.get())) >> 20;
            System.out.printf("[AUTH-STORM] clients=%d ok=%d busy=%d heap-baseline=%dMiB heap-peak-above-baseline=%dMiB"
                            + " max-heap=%dMiB hash-threads=%d%n", CLIENTS, ok, busy, baseline >> 20, peakMiB,
                    Runtime.getRuntime().maxMemory() >> 20, settings.hashThreads());
            // Bounded: the hashes running at once (19 MiB each, one per hashing thread) and 500 idle
            // sessions, nowhere near 500 hashes' worth (9.5 GiB).
            assertThat(peakMiB).isLessThan(settings.hashThreads() * 19L + 400);
        }
    }
}
