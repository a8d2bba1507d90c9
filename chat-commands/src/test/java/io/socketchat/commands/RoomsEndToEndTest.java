package io.socketchat.commands;

import io.socketchat.server.RoomSettings;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.store.MessageStore;
import io.socketchat.store.sqlite.SqliteStore;
import io.socketchat.store.sqlite.StoreSettings;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the rooms wire table over real sockets, with history in SQLite (TCP on the I/O
 * loops here; the subclasses run it all again over TLS and on the virtual-thread engine).
 */
class RoomsEndToEndTest {

    private static final Pattern HIST = Pattern.compile(
            "HIST (\\S+) (\\d+) (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z) (\\S+) (.*)");

    @TempDir
    Path dataDirectory;
    private ChatFixture chat;

    /** The server under test; the subclasses change the transport. */
    ChatFixture start(ServerConfig.Builder config, MessageStore store) {
        return ChatFixture.startWithStore(config, store);
    }

    private ChatFixture chat() {
        return chat(RoomSettings.DEFAULTS);
    }

    private ChatFixture chat(RoomSettings rooms) {
        try {
            chat = start(ChatFixture.config().rooms(rooms), SqliteStore.open(StoreSettings.in(dataDirectory)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return chat;
    }

    @AfterEach
    void stop() {
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void joinAnswersOkTheSortedMembersSelfIncludedAndTellsTheMembers() {
        chat();
        TestClient carol = chat.login("carol");
        TestClient ann = chat.login("Ann");
        TestClient bob = chat.login("bob");
        carol.send("JOIN #java");
        assertThat(carol.readUntil("END HISTORY #java"))
                .containsExactly("OK", "MEMBERS #java carol", "END MEMBERS #java", "END HISTORY #java");
        ann.send("JOIN #java");
        assertThat(ann.readUntil("END HISTORY #java"))
                .containsExactly("OK", "MEMBERS #java Ann carol", "END MEMBERS #java", "END HISTORY #java");
        assertThat(carol.drain()).containsExactly("JOIN #java Ann");
        assertThat(bob.drain()).as("not a member").isEmpty();
        assertThat(ann.drain()).as("no JOIN line of one's own").isEmpty();
    }

    @Test
    void roomsMatchIgnoringCaseAndShowAsFirstCreated() {
        chat();
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        ann.send("JOIN #Java");
        ann.readUntil("END HISTORY #Java");
        bob.send("JOIN #JAVA");
        assertThat(bob.readUntil("END HISTORY #Java")).contains("MEMBERS #Java ann bob");
        bob.send("SAY #jAvA hello");
        assertThat(ann.readUntil("SAY #Java bob hello")).containsExactly("JOIN #Java bob", "SAY #Java bob hello");
        ann.send("JOIN #java");
        assertThat(ann.readLine()).isEqualTo("ERR already-in-room");
    }

    @Test
    void aBigRoomListsItsMembersOnSeveralLines() {
        chat();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String name = "u" + (1000 + i);
            names.add(name);
            TestClient client = chat.login(name);
            client.send("JOIN #big");
            client.readUntil("END HISTORY #big");
        }
        TestClient last = chat.login("zed");
        names.add("zed");
        last.send("JOIN #big");
        List<String> reply = last.readUntil("END MEMBERS #big");
        List<String> listed = new ArrayList<>();
        for (String line : reply.subList(1, reply.size() - 1)) {
            assertThat(line).startsWith("MEMBERS #big ");
            listed.addAll(List.of(line.substring("MEMBERS #big ".length()).split(" ")));
        }
        assertThat(reply.size() - 2).as("MEMBERS lines").isGreaterThan(1);
        assertThat(listed).isEqualTo(names);
    }

    @Test
    void theTopicGoesToTheMembersAndToWhoeverJoinsLater() {
        chat();
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        ann.send("JOIN #java").readUntil("END HISTORY #java");
        bob.send("JOIN #java").readUntil("END HISTORY #java");
        ann.drain();
        ann.send("TOPIC #java coffee  and code");
        assertThat(ann.readLine()).isEqualTo("OK");
        assertThat(bob.drain()).containsExactly("TOPIC #java ann coffee  and code");
        TestClient carol = chat.login("carol");
        carol.send("JOIN #java");
        assertThat(carol.readUntil("END HISTORY #java")).containsExactly("OK", "MEMBERS #java ann bob carol",
                "END MEMBERS #java", "TOPIC #java ann coffee  and code", "END HISTORY #java");
        assertThat(ann.drain()).as("no echo of one's own topic").containsExactly("JOIN #java carol");
    }

    @Test
    void sayReachesEveryOtherMemberAndNoOneElseWithNoEcho() {
        chat();
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        TestClient outsider = chat.login("carol");
        ann.send("JOIN #r").readUntil("END HISTORY #r");
        bob.send("JOIN #r").readUntil("END HISTORY #r");
        ann.drain();
        ann.send("SAY #r hi   there ");
        assertThat(bob.readLine()).isEqualTo("SAY #r ann hi   there");
        assertThat(ann.drain()).isEmpty();
        assertThat(outsider.drain()).isEmpty();
    }

    @Test
    void partAnswersOkTellsTheMembersAndEndsTheRoomsLines() {
        chat();
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        ann.send("JOIN #r").readUntil("END HISTORY #r");
        bob.send("JOIN #r").readUntil("END HISTORY #r");
        ann.drain();
        bob.send("PART #r");
        assertThat(bob.readLine()).isEqualTo("OK");
        assertThat(ann.drain()).containsExactly("PART #r bob");
        ann.send("SAY #r still here?");
        assertThat(bob.drain()).isEmpty();
    }

    @Test
    void sayPartTopicAndHistoryOfARoomYouAreNotInAreNotInRoom() {
        chat();
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        ann.send("JOIN #r").readUntil("END HISTORY #r");
        ann.send("SAY #r private to members");
        for (String line : List.of("SAY #r hi", "PART #r", "TOPIC #r new topic", "HISTORY #r", "SAY #nowhere hi")) {
            bob.send(line);
            assertThat(bob.readLine()).as(line).isEqualTo("ERR not-in-room");
        }
        assertThat(ann.drain()).isEmpty();
    }

    @Test
    void sayWithoutTextIsAUsageError() {
        chat();
        TestClient ann = chat.login("ann");
        ann.send("JOIN #r").readUntil("END HISTORY #r");
        ann.send("SAY #r");
        assertThat(ann.readLine()).isEqualTo("ERR usage: SAY #room <text>");
        ann.send("SAY #r   ");
        assertThat(ann.readLine()).isEqualTo("ERR usage: SAY #room <text>");
    }

    @Test
    void aBadRoomNameIsInvalidRoom() {
        chat();
        TestClient ann = chat.login("ann");
        String tooLong = "#" + "a".repeat(33);
        for (String line : List.of("JOIN java", "JOIN #", "JOIN #a b", "JOIN " + tooLong, "JOIN #a!b", "JOIN ##a",
                "SAY java hi", "PART java", "TOPIC java hi", "HISTORY java")) {
            ann.send(line);
            assertThat(ann.readLine()).as(line).isEqualTo("ERR invalid-room");
        }
        ann.send("JOIN #" + "a".repeat(32));
        assertThat(ann.readLine()).isEqualTo("OK");
    }

    @Test
    void roomCommandsNeedALogin() {
        chat();
        TestClient client = chat.connect();
        for (String line : List.of("JOIN #r", "PART #r", "SAY #r hi", "TOPIC #r t", "ROOMS", "HISTORY #r")) {
            client.send(line);
            assertThat(client.readLine()).as(line).isEqualTo("ERR not-logged-in");
        }
    }

    @Test
    void roomsListsEachRoomWithMembersItsCountAndTopic() {
        chat();
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        ann.send("ROOMS");
        assertThat(ann.readLine()).isEqualTo("END ROOMS");
        ann.send("JOIN #beta").readUntil("END HISTORY #beta");
        bob.send("JOIN #beta").readUntil("END HISTORY #beta");
        bob.send("JOIN #Alpha").readUntil("END HISTORY #Alpha");
        bob.send("TOPIC #Alpha first letter").readLine();
        ann.send("JOIN #gone").readUntil("END HISTORY #gone");
        ann.send("PART #gone").readLine();
        ann.send("ROOMS");
        assertThat(ann.readUntil("END ROOMS")).containsExactly("ROOM #Alpha 1 first letter", "ROOM #beta 2", "END ROOMS");
    }

    @Test
    void historyOfARoomIsItsMessagesOldestFirstWithIdsTimesAndSenders() {
        chat();
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        ann.send("JOIN #r").readUntil("END HISTORY #r");
        bob.send("JOIN #r").readUntil("END HISTORY #r");
        for (int i = 1; i <= 5; i++) {
            ann.send("SAY #r m" + i);
        }
        ann.send("MSG in the lobby"); // not the room's
        bob.readUntil("MSG ann in the lobby");
        bob.send("SAY #r from  bob");
        bob.send("HISTORY #r");
        List<String> history = bob.readUntil("END HISTORY #r");
        assertThat(texts(history)).containsExactly("m1", "m2", "m3", "m4", "m5", "from  bob");
        assertThat(history).last().isEqualTo("END HISTORY #r");
        assertThat(ids(history)).isSorted().doesNotHaveDuplicates();
        Matcher first = HIST.matcher(history.getFirst());
        assertThat(first.matches()).as(history.getFirst()).isTrue();
        assertThat(first.group(1)).isEqualTo("#r");
        assertThat(first.group(4)).isEqualTo("ann");

        bob.send("HISTORY #r 2");
        assertThat(texts(bob.readUntil("END HISTORY #r"))).containsExactly("m5", "from  bob");
        long m3 = ids(history).get(2);
        bob.send("HISTORY #r BEFORE " + m3);
        assertThat(texts(bob.readUntil("END HISTORY #r"))).containsExactly("m1", "m2");
        bob.send("history #r 1 before " + m3);
        assertThat(texts(bob.readUntil("END HISTORY #r"))).containsExactly("m2");
    }

    @Test
    void historyOfTheLobbyIsItsMsgLines() {
        chat();
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        ann.send("MSG hello lobby");
        ann.send("JOIN #r").readUntil("END HISTORY #r");
        ann.send("SAY #r not the lobby");
        bob.readLine();
        bob.send("HISTORY *");
        List<String> history = bob.readUntil("END HISTORY *");
        assertThat(history).hasSize(2);
        assertThat(history.getFirst()).matches("HIST \\* \\d+ \\S+ ann hello lobby");
        assertThat(history.getLast()).isEqualTo("END HISTORY *");
    }

    @Test
    void aCountAboveThePageLimitIsCutAndABadCountIsAUsageError() {
        chat(new RoomSettings(50, RoomSettings.UNLIMITED_MEMBERS, 0, 3));
        TestClient ann = chat.login("ann");
        for (int i = 1; i <= 5; i++) {
            ann.send("MSG m" + i);
        }
        ann.send("HISTORY * 99999999999999999999999");
        assertThat(texts(ann.readUntil("END HISTORY *"))).containsExactly("m3", "m4", "m5");
        for (String bad : List.of("HISTORY * 0", "HISTORY * -1", "HISTORY * many", "HISTORY * BEFORE", "HISTORY * 2 BEFORE x",
                "HISTORY * 2 3")) {
            ann.send(bad);
            assertThat(ann.readLine()).as(bad).isEqualTo("ERR usage: HISTORY #room [<count>] [BEFORE <id>]");
        }
    }

    @Test
    void joinReplaysTheNewestMessagesAfterTheTopicOrNoneWhenTurnedOff() {
        chat(new RoomSettings(50, RoomSettings.UNLIMITED_MEMBERS, 2, 500));
        TestClient ann = chat.login("ann");
        ann.send("JOIN #r").readUntil("END HISTORY #r");
        ann.send("TOPIC #r t").readLine();
        for (int i = 1; i <= 3; i++) {
            ann.send("SAY #r m" + i);
        }
        ann.drain(); // every SAY handled
        TestClient bob = chat.login("bob");
        bob.send("JOIN #r");
        List<String> reply = bob.readUntil("END HISTORY #r");
        assertThat(reply.subList(0, 4)).containsExactly("OK", "MEMBERS #r ann bob", "END MEMBERS #r", "TOPIC #r ann t");
        assertThat(texts(reply)).containsExactly("m2", "m3");
        chat.close();

        chat(new RoomSettings(50, RoomSettings.UNLIMITED_MEMBERS, 0, 500));
        TestClient carol = chat.login("carol");
        carol.send("JOIN #r");
        assertThat(carol.readUntil("TOPIC #r ann t")).containsExactly("OK", "MEMBERS #r carol", "END MEMBERS #r", "TOPIC #r ann t");
        assertThat(carol.drain()).isEmpty();
    }

    @Test
    void aUserWhoDisconnectsLeavesEveryRoomWithNoPartOnlyTheLeaveNotice() {
        chat();
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        TestClient carol = chat.login("carol");
        ann.send("JOIN #a").readUntil("END HISTORY #a");
        ann.send("JOIN #b").readUntil("END HISTORY #b");
        bob.send("JOIN #a").readUntil("END HISTORY #a");
        bob.send("JOIN #b").readUntil("END HISTORY #b");
        ann.drain();
        bob.close();
        assertThat(ann.readLine()).isEqualTo("INFO bob disconnected");
        assertThat(carol.readLine()).isEqualTo("INFO bob disconnected");
        ann.send("ROOMS");
        assertThat(ann.readUntil("END ROOMS")).containsExactly("ROOM #a 1", "ROOM #b 1", "END ROOMS");
        assertThat(ann.drain()).as("no PART").isEmpty();
    }

    @Test
    void tooManyRoomsAndAFullRoomAreRefused() {
        chat(new RoomSettings(2, 2, 20, 500));
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        TestClient carol = chat.login("carol");
        ann.send("JOIN #a").readUntil("END HISTORY #a");
        ann.send("JOIN #b").readUntil("END HISTORY #b");
        ann.send("JOIN #c");
        assertThat(ann.readLine()).isEqualTo("ERR too-many-rooms");
        ann.send("PART #b").readLine();
        ann.send("JOIN #c");
        assertThat(ann.readLine()).isEqualTo("OK");
        bob.send("JOIN #a").readUntil("END HISTORY #a");
        carol.send("JOIN #a");
        assertThat(carol.readLine()).isEqualTo("ERR room-full");
    }

    private static List<String> texts(List<String> lines) {
        List<String> texts = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = HIST.matcher(line);
            if (matcher.matches()) {
                texts.add(matcher.group(5));
            }
        }
        return texts;
    }

    private static List<Long> ids(List<String> lines) {
        List<Long> ids = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = HIST.matcher(line);
            if (matcher.matches()) {
                ids.add(Long.parseLong(matcher.group(2)));
            }
        }
        return ids;
    }
}
