package io.socketchat.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts by label, printed most frequent first: {@code ERR slow-consumer=12, MSG=3}. */
final class Tally {

    private final Map<String, Long> counts = new LinkedHashMap<>();

    synchronized void add(String label) {
        add(label, 1);
    }

    synchronized void add(String label, long count) {
        counts.merge(label, count, Long::sum);
    }

    synchronized long total() {
        long total = 0;
        for (long count : counts.values()) {
            total += count;
        }
        return total;
    }

    synchronized long get(String label) {
        return counts.getOrDefault(label, 0L);
    }

    @Override
    public synchronized String toString() {
        if (counts.isEmpty()) {
            return "-";
        }
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Long> entry : entries) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(entry.getKey()).append('=').append(entry.getValue());
        }
        return text.toString();
    }
}
