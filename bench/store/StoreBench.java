import io.socketchat.store.sqlite.SqliteStore;
import io.socketchat.store.sqlite.StoreSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Run from the repository root after "./dev mvn -B -q -pl chat-store-sqlite -am package -DskipTests"
 * (see docs/performance/rooms-history.md for the exact java command).
 *
 * Sustained history writes: 4 threads append as fast as the writer commits; then HISTORY paging through 100,000. */
public class StoreBench {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("storebench");
        int threads = 4;
        int perThread = Integer.parseInt(args.length > 0 ? args[0] : "250000");
        String text = "x".repeat(80);
        try (SqliteStore store = SqliteStore.open(StoreSettings.in(dir))) {
            long start = System.nanoTime();
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                workers[t] = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        store.append("#room" + id, "sender" + id, text, Instant.now());
                        // paced to what the writer drains: never let the queue pass a few batches
                        while (store.queued() > 50_000) {
                            Thread.onSpinWait();
                        }
                    }
                });
            }
            for (Thread worker : workers) worker.join();
            store.page("#room0", 1, Long.MAX_VALUE); // waits until everything is committed
            double seconds = (System.nanoTime() - start) / 1e9;
            long total = (long) threads * perThread;
            System.out.printf("writes: %d messages in %.2f s = %.0f msg/s; commits %d; commit p50 %.2f ms p99 %.2f ms; lost %d%n",
                    total, seconds, total / seconds, store.commitTimes().count(),
                    store.commitTimes().percentileNanos(50) / 1e6, store.commitTimes().percentileNanos(99) / 1e6, store.lost());
            // Paging: the newest 100,000 messages of one room, 500 per page, newest to oldest.
            for (int i = perThread; i < 100_000; i++) {
                store.append("#room0", "s", text, Instant.now());
            }
            for (int round = 0; round < 2; round++) {
                long before = Long.MAX_VALUE;
                int pages = 0;
                long seen = 0;
                long pageStart = System.nanoTime();
                long worst = 0;
                while (seen < 100_000) {
                    long t0 = System.nanoTime();
                    var page = store.page("#room0", 500, before);
                    worst = Math.max(worst, System.nanoTime() - t0);
                    if (page.isEmpty()) break;
                    seen += page.size();
                    pages++;
                    before = page.getFirst().id();
                }
                double ms = (System.nanoTime() - pageStart) / 1e6;
                System.out.printf("paging round %d: %d messages, %d pages of 500, %.3f ms per page, worst %.2f ms%n",
                        round, seen, pages, ms / pages, worst / 1e6);
            }
        }
    }
}
