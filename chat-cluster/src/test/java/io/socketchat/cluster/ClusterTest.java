package io.socketchat.cluster;

import io.socketchat.server.ChatServer;
import io.socketchat.server.cluster.ClusterLink;
import io.socketchat.testkit.RedisServer;
import io.socketchat.testkit.TestClient;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Two or three nodes in this JVM, one Redis, clients over real sockets. */
class ClusterTest {

    private final ClusterNodes cluster = new ClusterNodes();

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** Waits until {@code client}'s WHO lists exactly {@code names}. */
    private static void awaitWho(TestClient client, String... names) {
        List<String> expected = java.util.Arrays.stream(names).map(name -> "USER " + name).toList();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            client.send("WHO");
            assertThat(client.drain()).containsExactlyElementsOf(expected);
        });
    }

    @Test
    void lobbyMessagesDirectMessagesWhoAndLeavesCrossNodes() {
        cluster.start("a");
        cluster.start("b");
        TestClient alice = cluster.login("a", "alice");
        TestClient bob = cluster.login("b", "bob");
        TestClient carol = cluster.login("b", "carol");
        awaitWho(alice, "alice", "bob", "carol");
        awaitWho(bob, "alice", "bob", "carol");

        alice.send("MSG hello from a");
        assertThat(bob.readLine()).isEqualTo("MSG alice hello from a");
        assertThat(carol.readLine()).isEqualTo("MSG alice hello from a");
        bob.send("MSG hello from b");
        assertThat(alice.readLine()).isEqualTo("MSG bob hello from b");
        assertThat(carol.readLine()).isEqualTo("MSG bob hello from b");

        alice.send("DM Bob psst"); // names ignore case on every node
        assertThat(alice.drain()).isEmpty();
        assertThat(bob.readLine()).isEqualTo("DM alice psst");
        bob.send("DM alice back");
        assertThat(alice.readLine()).isEqualTo("DM bob back");
        assertThat(carol.drain()).isEmpty();
        alice.send("DM nobody x");
        assertThat(alice.readLine()).isEqualTo("ERR user-not-found");

        bob.close();
        assertThat(alice.readLine()).isEqualTo("INFO bob disconnected");
        assertThat(carol.readLine()).isEqualTo("INFO bob disconnected");
        awaitWho(alice, "alice", "carol");
    }

    @Test
    void aNameIsOneAcrossNodesIgnoringCase() {
        cluster.start("a");
        cluster.start("b");
        cluster.login("a", "alice");
        TestClient other = cluster.connect("b");
        other.send("LOGIN ALICE");
        assertThat(other.readLine()).isEqualTo("ERR username-taken");
        other.send("LOGIN alicia");
        assertThat(other.readLine()).isEqualTo("OK");
    }

    @Test
    void oneNameRacedOnTwoNodesHasExactlyOneWinnerAThousandTimes() throws Exception {
        ChatServer a = cluster.start("a");
        ChatServer b = cluster.start("b");
        int trials = 1_000;
        for (int trial = 0; trial < trials; trial++) {
            String name = "racer" + trial;
            try (TestClient onA = TestClient.connect(a.port()); TestClient onB = TestClient.connect(b.port())) {
                CompletableFuture<String> fromA = CompletableFuture.supplyAsync(() -> onA.send("LOGIN " + name).readLine());
                CompletableFuture<String> fromB = CompletableFuture.supplyAsync(() -> onB.send("LOGIN " + name).readLine());
                List<String> answers = List.of(fromA.get(), fromB.get());
                assertThat(answers).as("trial %d", trial).containsExactlyInAnyOrder("OK", "ERR username-taken");
            }
        }
    }

    @Test
    void roomsCrossNodes() {
        cluster.start("a");
        cluster.start("b");
        TestClient alice = cluster.login("a", "alice");
        TestClient bob = cluster.login("b", "bob");
        awaitWho(alice, "alice", "bob");
        alice.send("JOIN #ops");
        alice.readUntil("END HISTORY #ops");
        // Lines of different users on different nodes have no order between them: bob joins once
        // his node has heard of alice's join (else her JOIN line might reach him after his own).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            bob.send("ROOMS");
            assertThat(bob.readUntil("END ROOMS")).contains("ROOM #ops 1");
        });
        bob.send("JOIN #ops");
        bob.readUntil("END HISTORY #ops");
        assertThat(alice.readLine()).isEqualTo("JOIN #ops bob");
        alice.send("SAY #ops deploy at noon");
        assertThat(bob.readLine()).isEqualTo("SAY #ops alice deploy at noon");
        bob.send("TOPIC #ops release day");
        assertThat(bob.readLine()).isEqualTo("OK");
        assertThat(alice.readLine()).isEqualTo("TOPIC #ops bob release day");

        TestClient carol = cluster.login("a", "carol");
        carol.send("JOIN #ops");
        List<String> listing = carol.readUntil("END HISTORY #ops");
        assertThat(listing).contains("MEMBERS #ops alice bob carol", "TOPIC #ops bob release day");
        assertThat(alice.readLine()).isEqualTo("JOIN #ops carol");
        assertThat(bob.readLine()).isEqualTo("JOIN #ops carol");
        carol.send("ROOMS");
        assertThat(carol.readUntil("END ROOMS")).contains("ROOM #ops 3 release day");
        bob.send("ROOMS");
        assertThat(bob.readUntil("END ROOMS")).contains("ROOM #ops 3 release day");

        bob.send("PART #ops");
        assertThat(alice.readLine()).isEqualTo("PART #ops bob");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            carol.send("ROOMS");
            assertThat(carol.readUntil("END ROOMS")).contains("ROOM #ops 2 release day");
        });
    }

    @Test
    void anOperatorOfEitherNodeKicksAUserOfTheOther() {
        ChatServer a = cluster.start("a");
        cluster.start("b");
        TestClient alice = cluster.login("a", "alice");
        TestClient bob = cluster.login("b", "bob");
        awaitWho(alice, "alice", "bob");
        assertThat(a.kick("bob", "spam", "console")).isTrue();
        assertThat(bob.readUntilClosed()).containsExactly("INFO kicked by operator: spam");
        assertThat(alice.readLine()).isEqualTo("INFO bob disconnected");
        assertThat(a.kick("nobody", null, "console")).isFalse();
    }

    @Test
    void nodesListsEveryNodeWithItsUsers() {
        ChatServer a = cluster.start("a");
        cluster.start("b");
        cluster.login("a", "alice");
        cluster.login("b", "bob");
        cluster.login("b", "carol");
        ClusterLink link = a.cluster().orElseThrow();
        assertThat(link.nodes()).extracting(ClusterLink.NodeStatus::id, ClusterLink.NodeStatus::users,
                ClusterLink.NodeStatus::self).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", 1, true), org.assertj.core.groups.Tuple.tuple("b", 2, false));
        await().atMost(Duration.ofSeconds(10)).until(() -> a.usersElsewhere().size() == 2);
        assertThat(a.usersElsewhere()).containsEntry("bob", "b").containsEntry("carol", "b");
    }

    @Test
    void aNodeThatLeavesFreesItsNamesAndItsUsersAreToldGone() {
        cluster.start("a");
        cluster.start("b");
        TestClient alice = cluster.login("a", "alice");
        cluster.login("b", "bob");
        awaitWho(alice, "alice", "bob");
        cluster.stop("b");
        List<String> seen = new ArrayList<>();
        seen.add(alice.readLine());
        assertThat(seen).containsExactly("INFO bob disconnected");
        TestClient again = cluster.login("a", "bob");
        assertThat(again.drain()).isEmpty();
    }

    @Test
    void aPausedRedisIsUnavailableUntilItAnswersAgainAndNothingIsShownTwice() {
        cluster.start("a");
        cluster.start("b");
        TestClient alice = cluster.login("a", "alice");
        TestClient bob = cluster.login("b", "bob");
        awaitWho(alice, "alice", "bob");

        cluster.redis().pause();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !cluster.node("b").cluster().orElseThrow().isAvailable());
            TestClient late = cluster.connect("b");
            late.send("LOGIN dave");
            assertThat(late.readLine()).isEqualTo("ERR cluster-unavailable");
            late.send("LOGIN alice"); // known to be taken: no need to ask Redis
            assertThat(late.readLine()).isEqualTo("ERR username-taken");
        } finally {
            cluster.redis().resume();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> cluster.node("a").cluster().orElseThrow().isAvailable()
                && cluster.node("b").cluster().orElseThrow().isAvailable());
        // Each name still has one holder: the users kept their sessions and nobody took them over.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            bob.send("MSG after the pause");
            assertThat(alice.drain()).contains("MSG bob after the pause");
        });
        awaitWho(alice, "alice", "bob");
        awaitWho(bob, "alice", "bob");
        try (TestClient thief = TestClient.connect(cluster.node("b").port())) {
            thief.send("LOGIN alice");
            assertThat(thief.readLine()).isEqualTo("ERR username-taken");
        }
    }

    @Test
    void aRedisWithAPasswordIsJoinedWithTheOneInItsUrlAndAWrongOneIsRefusedAtStart() {
        try (RedisServer secured = RedisServer.launch(new RedisServer.Options("s3cret-pw", false))) {
            ChatServer a = cluster.start("a", secured.url());
            cluster.start("b", secured.url());
            TestClient alice = cluster.login("a", "alice");
            TestClient bob = cluster.login("b", "bob");
            awaitWho(alice, "alice", "bob");
            alice.send("DM bob over a password");
            assertThat(bob.readLine()).isEqualTo("DM alice over a password");
            assertThat(a.cluster().orElseThrow().nodes()).hasSize(2);

            String wrong = "redis://:wrong-pw@127.0.0.1:" + secured.port();
            assertThatThrownBy(() -> cluster.start("c", wrong))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot reach the cluster's Redis at redis://127.0.0.1:" + secured.port())
                    .hasMessageNotContaining("wrong-pw");
            cluster.stop("a");
            cluster.stop("b");
        }
    }

    /**
     * Redis came back empty and a node "c" (a live lease, no process: written here) gave alice's
     * name out meanwhile. When a claims its users again, the later of the two claims loses.
     */
    @Test
    void afterAnOutageTheLaterOfTwoClaimsOfANameLoses() {
        cluster.start("a");
        TestClient alice = cluster.login("a", "alice");
        TestClient ann = cluster.login("a", "ann");
        try (Jedis direct = new Jedis("127.0.0.1", cluster.redis().port())) {
            long now = System.currentTimeMillis();
            direct.flushAll(); // as a restart without persistence leaves it
            direct.set("socketchat:node:c", "live", SetParams.setParams().px(30_000));
            direct.set("socketchat:name:alice", "c"); // claimed after alice's own login: c's is the later claim
            direct.hset("socketchat:claimed", "alice", Long.toString(now + 60_000));
            direct.set("socketchat:name:ann", "c"); // claimed before ann's: ann is the later claimant
            direct.hset("socketchat:claimed", "ann", "1");
            await().atMost(Duration.ofSeconds(10)).until(() -> "a".equals(direct.get("socketchat:name:alice")));
            assertThat(ann.readUntilClosed()).containsExactly("INFO name-conflict");
            assertThat(direct.get("socketchat:name:ann")).isEqualTo("c");
        }
        assertThat(alice.drain()).containsExactly("INFO ann disconnected");
    }

    @Test
    void withoutRedisLocalUsersChatAndLoginsAreRefusedUntilItReturns() {
        cluster.start("a");
        cluster.start("b");
        TestClient alice = cluster.login("a", "alice");
        TestClient ann = cluster.login("a", "ann");
        TestClient bob = cluster.login("b", "bob");
        awaitWho(alice, "alice", "ann", "bob");

        cluster.redis().stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !cluster.node("a").cluster().orElseThrow().isAvailable());
        alice.send("MSG still here");
        assertThat(ann.readLine()).isEqualTo("MSG alice still here");
        TestClient late = cluster.connect("a");
        late.send("LOGIN dave");
        assertThat(late.readLine()).isEqualTo("ERR cluster-unavailable");

        cluster.redis().start(); // empty: no persistence
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            late.send("LOGIN dave");
            assertThat(late.readLine()).isEqualTo("OK");
        });
        // The names of the users that stayed were claimed again: nobody else gets them.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (TestClient thief = TestClient.connect(cluster.node("b").port())) {
                thief.send("LOGIN alice");
                assertThat(thief.readLine()).isEqualTo("ERR username-taken");
            }
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            bob.send("MSG back");
            assertThat(alice.drain()).contains("MSG bob back");
        });
    }
}
