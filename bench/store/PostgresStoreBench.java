import io.socketchat.store.postgres.HistorySettings;
import io.socketchat.store.postgres.PostgresMessageStore;
import io.socketchat.store.postgres.PostgresUrl;
import io.socketchat.testkit.PostgresServer;

import java.time.Instant;
import java.util.Map;

/**
 * Run from the repository root after "./dev mvn -B -q -pl chat-store-postgres -am package -DskipTests"
 * (see docs/performance/postgres-store.md for the exact java command).
 *
 * StoreBench's workload against the PostgreSQL store: 4 threads append as fast as the writer
 * sends, then HISTORY paging through 100,000. PostgreSQL is a server of the bench's own
 * (initdb in a temporary directory, a free loopback port), with its default settings, or with
 * the given "name=value" settings (e.g. synchronous_commit=off).
 */
public class PostgresStoreBench {
    public static void main(String[] args) throws Exception {
        int threads = 4;
        int perThread = Integer.parseInt(args.length > 0 ? args[0] : "250000");
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            settings.put(pair[0], pair[1]);
        }
        String text = "x".repeat(80);
        try (PostgresServer postgres = PostgresServer.launch(settings);
             PostgresMessageStore store = PostgresMessageStore.open(PostgresUrl.parse(postgres.url()), HistorySettings.DEFAULTS)) {
            System.out.println("postgres settings: " + (settings.isEmpty() ? "defaults" : settings));
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
            System.out.printf("writes: %d messages in %.2f s = %.0f msg/s; lost %d%n",
                    total, seconds, total / seconds, store.lost());
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
