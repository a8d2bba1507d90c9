package io.socketchat.commands;

import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** MSG and DM rows of the wire table, over real sockets. */
class MessagingEndToEndTest {

    @AutoClose
    private final ChatFixture chat = ChatFixture.start();

    @Test
    void msgReachesEveryOtherLoggedInUserWithInnerSpacesKeptAndIsNotEchoed() {
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        TestClient carol = chat.login("carol");
        TestClient anonymous = chat.connect();
        ann.send("MSG hello   big  world");
        assertThat(ann.drain()).as("no echo").isEmpty();
        assertThat(bob.readLine()).isEqualTo("MSG ann hello   big  world");
        assertThat(carol.readLine()).isEqualTo("MSG ann hello   big  world");
        assertThat(anonymous.drain()).as("not logged in: not a recipient").isEmpty();
    }

    @Test
    void msgKeepsUnicodeText() {
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        ann.send("MSG h\u00e9 \u2603 \ud83d\ude00");
        assertThat(bob.readLine()).isEqualTo("MSG ann h\u00e9 \u2603 \ud83d\ude00");
    }

    @Test
    void msgWithoutTextIsAUsageError() {
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        ann.send("MSG");
        assertThat(ann.readLine()).isEqualTo("ERR usage: MSG <text>");
        ann.send("MSG    ");
        assertThat(ann.readLine()).isEqualTo("ERR usage: MSG <text>");
        ann.drain();
        assertThat(bob.drain()).isEmpty();
    }

    @Test
    void dmReachesOnlyItsTargetWithInnerSpacesKept() {
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        TestClient carol = chat.login("carol");
        ann.send("DM bob psst   over  here");
        assertThat(ann.drain()).as("nothing back to the sender").isEmpty();
        assertThat(bob.readLine()).isEqualTo("DM ann psst   over  here");
        assertThat(carol.drain()).isEmpty();
    }

    @Test
    void dmMatchesTheTargetIgnoringCase() {
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("Bob");
        ann.send("DM bOB hi");
        assertThat(ann.drain()).isEmpty();
        assertThat(bob.readLine()).isEqualTo("DM ann hi");
    }

    @Test
    void dmToYourselfIsDelivered() {
        TestClient ann = chat.login("Ann");
        TestClient bob = chat.login("bob");
        ann.send("DM ann note to self");
        assertThat(ann.readLine()).isEqualTo("DM Ann note to self");
        assertThat(bob.drain()).isEmpty();
    }

    @Test
    void dmToAnUnknownUserIsUserNotFound() {
        TestClient ann = chat.login("ann");
        ann.send("DM nobody hello");
        assertThat(ann.readLine()).isEqualTo("ERR user-not-found");
        TestClient anonymous = chat.connect();
        ann.send("DM " + "anonymous" + " hello");
        assertThat(ann.readLine()).as("a connection that never logged in has no name").isEqualTo("ERR user-not-found");
        assertThat(anonymous.drain()).isEmpty();
    }

    @Test
    void dmWithoutTextOrTargetIsAUsageError() {
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        ann.send("DM bob");
        assertThat(ann.readLine()).isEqualTo("ERR usage: DM <username> <text>");
        ann.send("DM bob   ");
        assertThat(ann.readLine()).isEqualTo("ERR usage: DM <username> <text>");
        ann.send("DM");
        assertThat(ann.readLine()).isEqualTo("ERR usage: DM <username> <text>");
        ann.drain();
        assertThat(bob.drain()).isEmpty();
    }

    @Test
    void aUserThatLeftIsNoLongerAnAddressee() {
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        bob.close();
        assertThat(ann.readLine()).isEqualTo("INFO bob disconnected");
        ann.send("DM bob still there?");
        assertThat(ann.readLine()).isEqualTo("ERR user-not-found");
    }
}
