package io.socketchat.commands.hardening;

import io.socketchat.server.ChatServer;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Random bytes from several clients while two well-behaved clients exchange numbered
 * messages: the well-behaved ones get everything, in order; whatever reaches them is valid
 * UTF-8 without control characters; the server still answers afterwards.
 */
class FuzzEndToEndTest {

    private static final int FUZZERS = 4;
    private static final int FUZZ_LINES_EACH = 750; // 3,000 in all
    private static final int NUMBERED = 300;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void randomBytesFromSomeLoseNothingForOthers() throws Exception {
        long seed = System.nanoTime();
        try (ChatServer server = Servers.start(b -> b.floodRate(0).maxLineBytes(512));
             RawPeer alice = new RawPeer(server.port());
             RawPeer bob = new RawPeer(server.port());
             ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            alice.send("LOGIN alice");
            bob.send("LOGIN bob");
            awaitLine(alice, "OK");
            awaitLine(bob, "OK");
            List<RawPeer> fuzzers = new ArrayList<>();
            try {
                for (int f = 0; f < FUZZERS; f++) {
                    RawPeer fuzzer = new RawPeer(server.port());
                    fuzzers.add(fuzzer);
                    fuzzer.send("LOGIN fuzz" + f); // logged in, so their MSG and DM attempts reach alice and bob
                    awaitLine(fuzzer, "OK");
                }

                List<Future<?>> sending = new ArrayList<>();
                sending.add(senders.submit(() -> {
                    for (int i = 0; i < NUMBERED; i++) {
                        alice.send("MSG a " + i);
                    }
                }));
                sending.add(senders.submit(() -> {
                    for (int i = 0; i < NUMBERED; i++) {
                        bob.send(i % 2 == 0 ? "DM alice b " + i : "MSG b " + i);
                    }
                }));
                for (int f = 0; f < FUZZERS; f++) {
                    RawPeer fuzzer = fuzzers.get(f);
                    Random random = new Random(seed + f);
                    sending.add(senders.submit(() -> {
                        for (int i = 0; i < FUZZ_LINES_EACH; i++) {
                            fuzzer.sendRaw(randomLine(random));
                        }
                    }));
                }
                for (Future<?> future : sending) {
                    future.get();
                }

                // Fence: once alice's and bob's PONG arrive, their lines are handled; after a
                // second PING each, everything sent to them has been read.
                for (int round = 1; round <= 2; round++) {
                    alice.send("PING");
                    bob.send("PING");
                    long expected = round;
                    awaitCount(alice, "PONG", expected);
                    awaitCount(bob, "PONG", expected);
                }

                List<String> atBob = bob.lines();
                List<String> atAlice = alice.lines();
                assertThat(filter(atBob, line -> line.startsWith("MSG alice ")))
                        .as("seed %d", seed).isEqualTo(numbered("MSG alice a ", 0, 1));
                assertThat(filter(atAlice, line -> line.startsWith("DM bob ") || line.startsWith("MSG bob ")))
                        .as("seed %d", seed).isEqualTo(bobsLines());
                for (String line : concat(atAlice, atBob)) {
                    assertThat(line.codePoints().noneMatch(c -> c != '\t' && Character.getType(c) == Character.CONTROL))
                            .as("seed %d: no control character reaches a client: %s", seed, line).isTrue();
                    assertThat(line.chars().noneMatch(c -> c == 0xFF)).isTrue();
                }
            } finally {
                fuzzers.forEach(RawPeer::close);
            }

            // The fuzzers' leaves are announced before a newcomer arrives, or it would read them first.
            await().atMost(PATIENCE).until(() -> server.users().size() == 2);
            try (TestClient after = TestClient.login(server.port(), "after")) {
                // The fuzzers just closed: their leave notices may still reach this new user.
                assertThat(after.drain()).allMatch(line -> line.matches("INFO \\S+ disconnected"));
            }
        }
    }

    /** Mostly hostile: raw bytes, control characters, telnet commands, bad UTF-8, overlong lines, commands with junk. */
    private static byte[] randomLine(Random random) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        switch (random.nextInt(6)) {
            case 0 -> line.writeBytes("MSG ".getBytes(StandardCharsets.US_ASCII));
            case 1 -> line.writeBytes("DM alice ".getBytes(StandardCharsets.US_ASCII));
            case 2 -> line.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFA, 24});
            default -> { }
        }
        int length = random.nextInt(20) == 0 ? 400 + random.nextInt(400) : random.nextInt(80);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 4) {
                line.write(random.nextInt(256));
            } else if (kind < 6) {
                line.write(random.nextInt(32)); // controls, including ESC, CR and LF
            } else if (kind < 7) {
                line.write(0xFF);
                line.write(240 + random.nextInt(16));
            } else {
                line.write('a' + random.nextInt(26));
            }
        }
        line.write('\n');
        return line.toByteArray();
    }

    private static List<String> numbered(String prefix, int from, int step) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < NUMBERED; i += step) {
            lines.add(prefix + i);
        }
        return lines;
    }

    private static List<String> bobsLines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < NUMBERED; i++) {
            lines.add(i % 2 == 0 ? "DM bob b " + i : "MSG bob b " + i);
        }
        return lines;
    }

    private static List<String> filter(List<String> lines, Predicate<String> keep) {
        return lines.stream().filter(keep).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void awaitLine(RawPeer peer, String line) {
        awaitCount(peer, line, 1);
    }

    private static void awaitCount(RawPeer peer, String line, long count) {
        await().atMost(PATIENCE).until(() -> peer.count(line) >= count || peer.isClosedByServer());
        assertThat(peer.count(line)).as("'%s' received", line).isGreaterThanOrEqualTo(count);
    }
}
