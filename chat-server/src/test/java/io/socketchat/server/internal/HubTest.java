package io.socketchat.server.internal;

import io.socketchat.server.transport.Transport;
import io.socketchat.server.spi.Chat.LoginResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The registry: unique names ignoring case, shown as typed, sorted listing, delivery. */
class HubTest {

    private final Hub hub = new Hub(CommandTable.of(List.of()));

    @Test
    void aNameIsUniqueIgnoringCaseAndKeepsTheSpellingOfItsOwner() {
        Sessions.Opened bob = Sessions.open(hub);
        Sessions.Opened other = Sessions.open(hub);
        assertThat(hub.login(bob.session(), "Bob", "OK")).isEqualTo(LoginResult.OK);
        assertThat(hub.login(other.session(), "bob", "OK")).isEqualTo(LoginResult.NAME_TAKEN);
        assertThat(hub.login(other.session(), "BOB", "OK")).isEqualTo(LoginResult.NAME_TAKEN);
        assertThat(other.session().name()).isNull();
        assertThat(hub.user("bOB")).isSameAs(bob.session());
        assertThat(bob.session().name()).isEqualTo("Bob");
    }

    @Test
    void namesEqualAfterNfkcAreOneUser() {
        Sessions.Opened first = Sessions.open(hub);
        Sessions.Opened second = Sessions.open(hub);
        assertThat(hub.login(first.session(), "\u00e9lodie", "OK")).isEqualTo(LoginResult.OK);
        assertThat(hub.login(second.session(), "E\u0301LODIE", "OK")).isEqualTo(LoginResult.NAME_TAKEN);
    }

    @Test
    void aSessionLogsInOnlyOnce() {
        Sessions.Opened ann = Sessions.open(hub);
        assertThat(hub.login(ann.session(), "ann", "OK")).isEqualTo(LoginResult.OK);
        assertThat(hub.login(ann.session(), "ann2", "OK")).isEqualTo(LoginResult.ALREADY_LOGGED_IN);
        assertThat(hub.user("ann2")).isNull();
    }

    @Test
    void aNameIsFreeAgainOnceItsOwnerLeaves() {
        Sessions.Opened bob = Sessions.open(hub);
        hub.login(bob.session(), "Bob", "OK");
        bob.session().inputEnded("quit");
        assertThat(hub.user("bob")).isNull();
        assertThat(hub.connections()).doesNotContain(bob.session());
        Sessions.Opened again = Sessions.open(hub);
        assertThat(hub.login(again.session(), "bob", "OK")).isEqualTo(LoginResult.OK);
    }

    @Test
    void userNamesAreSortedIgnoringCaseAndShownAsTyped() {
        for (String name : List.of("carol", "Bob", "alice", "Dave", "bobby")) {
            hub.login(Sessions.open(hub).session(), name, "OK");
        }
        Sessions.Opened notLoggedIn = Sessions.open(hub);
        assertThat(hub.userNames()).containsExactly("alice", "Bob", "bobby", "carol", "Dave");
        assertThat(hub.loggedIn()).hasSize(5).doesNotContain(notLoggedIn.session());
    }

    @Test
    void sendToMatchesTheNameIgnoringCaseAndReportsUnknownNames() {
        Sessions.Opened bob = Sessions.open(hub);
        hub.login(bob.session(), "Bob", "OK");
        assertThat(hub.sendTo("BOB", "DM ann hi")).isTrue();
        assertThat(hub.sendTo("nobody", "DM ann hi")).isFalse();
        await().until(() -> bob.transport().lines().size() == 2);
        assertThat(bob.transport().lines()).containsExactly("OK", "DM ann hi");
    }

    @Test
    void broadcastReachesEveryLoggedInUserButTheSender() {
        Sessions.Opened ann = Sessions.open(hub);
        Sessions.Opened bob = Sessions.open(hub);
        Sessions.Opened carol = Sessions.open(hub);
        Sessions.Opened anonymous = Sessions.open(hub);
        hub.login(ann.session(), "ann", "OK");
        hub.login(bob.session(), "bob", "OK");
        hub.login(carol.session(), "carol", "OK");
        hub.broadcast(ann.session(), "MSG ann hi");
        await().until(() -> bob.transport().lines().size() == 2 && carol.transport().lines().size() == 2);
        assertThat(bob.transport().lines()).containsExactly("OK", "MSG ann hi");
        assertThat(carol.transport().lines()).containsExactly("OK", "MSG ann hi");
        // The sender's and the anonymous session's own fence: a line sent now arrives after anything queued before.
        ann.session().send("FENCE");
        anonymous.session().send("FENCE");
        await().until(() -> ann.transport().lines().contains("FENCE") && anonymous.transport().lines().contains("FENCE"));
        assertThat(ann.transport().lines()).containsExactly("OK", "FENCE");
        assertThat(anonymous.transport().lines()).containsExactly("FENCE");
    }

    @Test
    void aLeavingUserIsAnnouncedToTheOthersButNotToItself() {
        Sessions.Opened ann = Sessions.open(hub);
        Sessions.Opened bob = Sessions.open(hub);
        hub.login(ann.session(), "ann", "OK");
        hub.login(bob.session(), "bob", "OK");
        ann.session().inputEnded("quit");
        await().until(() -> bob.transport().lines().size() == 2);
        assertThat(bob.transport().lines()).containsExactly("OK", "INFO ann disconnected");
        assertThat(hub.userNames()).containsExactly("bob");
    }

    @Test
    void noDisconnectNoticesWhileShuttingDown() {
        Sessions.Opened ann = Sessions.open(hub);
        Sessions.Opened bob = Sessions.open(hub);
        hub.login(ann.session(), "ann", "OK");
        hub.login(bob.session(), "bob", "OK");
        hub.beginShutdown();
        ann.session().inputEnded("quit");
        bob.session().send("FENCE");
        await().until(() -> bob.transport().lines().contains("FENCE"));
        assertThat(bob.transport().lines()).containsExactly("OK", "FENCE");
    }

    @Test
    void whenTheLoginConfirmationIsWrittenTheUserIsAlreadyDeliverable() {
        // A client that read OK must get every chat line sent after that: so by the time the
        // confirmation reaches the transport, deliveries must already include the session.
        List<Boolean> deliverableAtFirstWrite = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 200; i++) {
            ClientSession[] holder = new ClientSession[1];
            RecordingTransport transport = new RecordingTransport("127.0.0.1:" + (20000 + i)) {
                @Override
                public synchronized int write(java.nio.ByteBuffer source) throws java.io.IOException {
                    if (lines().isEmpty()) {
                        deliverableAtFirstWrite.add(holder[0].isDeliverable());
                    }
                    return super.write(source);
                }
            };
            holder[0] = hub.open(transport, 1024);
            hub.login(holder[0], "user" + i, "OK");
        }
        await().until(() -> deliverableAtFirstWrite.size() == 200);
        assertThat(deliverableAtFirstWrite).containsOnly(true);
    }

    @Test
    void aDeliveryRacingALoginNeverOvertakesTheConfirmation() throws Exception {
        Sessions.Opened sender = Sessions.open(hub);
        hub.login(sender.session(), "sender", "OK");
        List<Sessions.Opened> joiners = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            joiners.add(Sessions.open(hub));
        }
        Thread broadcaster = Thread.ofVirtual().start(() -> {
            for (int n = 0; n < 200; n++) {
                hub.broadcast(sender.session(), "MSG sender " + n);
            }
        });
        for (int i = 0; i < joiners.size(); i++) {
            hub.login(joiners.get(i).session(), "joiner" + i, "OK");
        }
        broadcaster.join();
        joiners.forEach(joiner -> joiner.session().send("FENCE"));
        await().until(() -> joiners.stream().allMatch(joiner -> joiner.transport().lines().contains("FENCE")));
        assertThat(joiners).allSatisfy(joiner -> assertThat(joiner.transport().lines().get(0)).isEqualTo("OK"));
    }

    @Test
    void aBroadcastFromAReaderThreadReachesThousandsInOrderWrittenOncePerRecipient() throws Exception {
        Sessions.Opened sender = Sessions.open(hub);
        hub.login(sender.session(), "sender", "OK");
        List<Sessions.Opened> users = new java.util.ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            Sessions.Opened user = Sessions.open(hub);
            hub.login(user.session(), "user" + i, "OK");
            users.add(user);
        }
        Thread reader = Thread.ofVirtual().start(() -> {
            FlushBatch batch = FlushBatch.forInput(true); // as a session's input handling one chunk
            try {
                for (int n = 0; n < 3; n++) {
                    hub.broadcast(sender.session(), "MSG sender " + n, batch);
                }
            } finally {
                batch.end();
            }
        });
        reader.join();
        // No await: when the chunk is done, every line is written.
        assertThat(users).allSatisfy(user -> {
            assertThat(user.transport().lines()).containsExactly("OK", "MSG sender 0", "MSG sender 1", "MSG sender 2");
            assertThat(user.transport().writes()).as("OK, then the chunk's three lines in one write").isEqualTo(2);
        });
    }

    @Test
    void aCrowdWhoseConnectionsAllBreakAtOnceLeavesWithoutOverflowingTheStack() throws Exception {
        // Peers that all went away together (a client host dying, a network cut): each failed
        // write ends a user, whose leaving is announced to the others, whose writes fail too.
        // Done one inside another, that chain went one stack level per user and overflowed
        // at about a thousand (found by the AOT training run's crowds).
        int crowd = 3_000;
        List<RecordingTransport> transports = new java.util.ArrayList<>();
        for (int i = 0; i < crowd; i++) {
            Sessions.Opened user = Sessions.open(hub);
            hub.login(user.session(), "user" + i, "OK");
            transports.add(user.transport());
        }
        await().until(() -> transports.stream().allMatch(transport -> transport.lines().size() == 1));
        transports.forEach(RecordingTransport::breakPipe);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        // A thread with no batch of its own, as a plugin's or the one announcing a leave.
        Thread.ofVirtual().start(() -> {
            try {
                hub.broadcast(null, "MSG server hello");
            } catch (Throwable e) {
                failure.set(e);
            }
        }).join();
        assertThat(failure.get()).isNull();
        await().until(() -> hub.userNames().isEmpty());
        assertThat(transports).allMatch(RecordingTransport::isClosed);
    }

    @Test
    void aCrowdLeavingOneByOneIsAnnouncedWithoutRebuildingTheRecipientsEachTime() {
        // Every leave announced one by one (a rate above the crowd), so each leave broadcasts.
        Hub hub = new Hub(CommandTable.of(List.of()), new MemoryBudget(Long.MAX_VALUE), 1_000, false);
        List<Sessions.Opened> users = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Sessions.Opened user = Sessions.open(hub);
            hub.login(user.session(), "user" + i, "OK");
            users.add(user);
        }
        hub.broadcast(null, "MSG server hello");
        long rebuildsBefore = hub.counters().recipientRebuilds.sum();
        for (int i = 0; i < 300; i++) {
            users.get(i).session().inputEnded("quit"); // each leave broadcasts its notice
        }
        // Up to a quarter of the array may be users who left: a handful of rebuilds, not 300.
        assertThat(hub.counters().recipientRebuilds.sum() - rebuildsBefore).isBetween(1L, 10L);
        Sessions.Opened last = users.get(399);
        Sessions.Opened gone = users.get(0);
        await().until(() -> last.transport().lines().size() == 1 + 1 + 300);
        assertThat(last.transport().lines()).contains("INFO user0 disconnected", "INFO user299 disconnected")
                .doesNotContain("INFO user399 disconnected");
        assertThat(gone.transport().lines()).containsExactly("OK", "MSG server hello");
    }

    @Test
    void blankLinesAreNotActivityButCommandsAre() {
        Sessions.Opened ann = Sessions.open(hub);
        long connected = ann.session().lastActivityNanos();
        ann.line("");
        ann.line("   ");
        ann.line(" \t ");
        assertThat(ann.session().lastActivityNanos()).isEqualTo(connected);
        assertThat(hub.linesIn()).isZero();
        await().until(() -> System.nanoTime() != connected);
        ann.line("NOPE");
        assertThat(ann.session().lastActivityNanos()).isGreaterThan(connected);
        assertThat(hub.linesIn()).isEqualTo(1);
    }

    @Test
    void disconnectQueuesTheLastLineThenFinishesOutput() {
        Sessions.Opened ann = Sessions.open(hub);
        hub.login(ann.session(), "ann", "OK");
        ann.session().disconnect("idle", "INFO disconnected due to inactivity", 1_000_000_000L);
        assertThat(ann.session().isOpen()).isFalse();
        assertThat(hub.user("ann")).isNull();
        await().until(() -> ann.transport().isOutputFinished());
        assertThat(ann.transport().lines()).containsExactly("OK", "INFO disconnected due to inactivity");
        ann.session().send("too late");
        assertThat(ann.transport().lines()).containsExactly("OK", "INFO disconnected due to inactivity");
    }

    @Test
    void past50LeavesASecondTheRestAreSummedUpInOneLineNot300() {
        List<Sessions.Opened> users = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Sessions.Opened user = Sessions.open(hub);
            hub.login(user.session(), "user" + i, "OK");
            users.add(user);
        }
        for (int i = 0; i < 300; i++) {
            users.get(i).session().inputEnded("reset");
        }
        Sessions.Opened bystander = users.get(399);
        await().until(() -> bystander.transport().lines().size() == 1 + 50);
        assertThat(bystander.transport().lines()).contains("INFO user0 disconnected", "INFO user49 disconnected")
                .doesNotContain("INFO user50 disconnected");
        hub.tick(System.nanoTime()); // within the second: nothing yet
        assertThat(bystander.transport().lines()).hasSize(1 + 50);
        hub.tick(System.nanoTime() + 1_000_000_000L); // the second is over
        await().until(() -> bystander.transport().lines().size() == 1 + 50 + 1);
        assertThat(bystander.transport().lines().getLast()).isEqualTo("INFO 250 more users disconnected");
        hub.tick(System.nanoTime() + 3_000_000_000L);
        assertThat(bystander.transport().lines()).hasSize(1 + 50 + 1); // summed up once
    }

    @Test
    void overTheBudgetTheSessionHoldingTheMostIsCutAndTheOthersKeepTheirLines() {
        // A 64 KiB budget; "hog" does not read (its transport takes nothing), the readers do.
        MemoryBudget budget = new MemoryBudget(64 * 1024);
        Hub hub = new Hub(CommandTable.of(List.of()), budget, 50, false);
        Sessions.Opened hog = Sessions.open(hub);
        hub.login(hog.session(), "hog", "OK");
        hog.transport().stall();
        Sessions.Opened reader = Sessions.open(hub);
        hub.login(reader.session(), "reader", "OK");
        await().until(() -> hog.transport().isStalled());
        String line = "MSG x " + "y".repeat(1000);
        for (int i = 0; i < 100; i++) { // 100 KB to hog's queue: past the budget
            hub.sendTo("hog", line);
            hub.sendTo("reader", line);
        }
        await().until(() -> hog.transport().isClosed());
        assertThat(reader.transport().isClosed()).isFalse();
        await().until(() -> reader.transport().lines().contains("INFO hog disconnected"));
        assertThat(reader.transport().lines().stream().filter(l -> l.startsWith("MSG x ")).count())
                .as("the reader's 100 lines").isEqualTo(100);
        assertThat(hub.memoryCuts()).isEqualTo(1);
        await().until(() -> budget.chargedBytes() < 64 * 1024);
    }

    @Test
    void theNameListIsBuiltOncePerChangeOfWhoIsLoggedIn() {
        Sessions.Opened ann = Sessions.open(hub);
        hub.login(ann.session(), "ann", "OK");
        List<String> first = hub.userNames();
        assertThat(hub.userNames()).isSameAs(first).containsExactly("ann");
        Sessions.Opened bob = Sessions.open(hub);
        hub.login(bob.session(), "Bob", "OK");
        assertThat(hub.userNames()).isNotSameAs(first).containsExactly("ann", "Bob");
        bob.session().inputEnded("quit");
        assertThat(hub.userNames()).containsExactly("ann");
    }

    @Test
    void theSameListSentAgainIsEncodedOnceAndAListTooLargeIsNotBuilt() {
        List<String> lines = List.of("USER ann", "USER bob");
        byte[] first = hub.encodedBlock(lines, 1024);
        assertThat(new String(first, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("USER ann\nUSER bob\n");
        assertThat(hub.encodedBlock(lines, 1024)).isSameAs(first);
        assertThat(hub.encodedBlock(List.of("USER ann", "USER bob"), 1024)).isNotSameAs(first).isEqualTo(first);
        assertThat(hub.encodedBlock(lines, 10)).isNull();
        assertThat(hub.encodedBlock(List.of("x".repeat(100)), 50)).isNull();
    }
}
