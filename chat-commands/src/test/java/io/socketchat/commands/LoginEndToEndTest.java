package io.socketchat.commands;

import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The LOGIN rows of the wire table, over real sockets. */
class LoginEndToEndTest {

    @AutoClose
    private final ChatFixture chat = ChatFixture.start();

    @Test
    void theFirstLoginIsAnsweredOkAndOthersAreNotTold() {
        TestClient ann = chat.login("ann");
        TestClient bob = chat.connect();
        bob.send("LOGIN bob");
        assertThat(bob.readLine()).isEqualTo("OK");
        bob.drain(); // bob's login is done before ann's fence below
        assertThat(ann.drain()).isEmpty();
    }

    @Test
    void aTakenNameIsRefusedIgnoringCaseAndTheClientMayRetry() {
        chat.login("Bob");
        TestClient second = chat.connect();
        second.send("LOGIN bob");
        assertThat(second.readLine()).isEqualTo("ERR username-taken");
        second.send("LOGIN BOB");
        assertThat(second.readLine()).isEqualTo("ERR username-taken");
        second.send("LOGIN bobby");
        assertThat(second.readLine()).isEqualTo("OK");
        second.send("WHO");
        assertThat(second.readUntil("USER bobby")).containsExactly("USER Bob", "USER bobby");
    }

    @Test
    void badNamesAreRefusedAndTheConnectionStaysOpen() {
        TestClient client = chat.connect();
        for (String line : new String[] {
                "LOGIN a b", "LOGIN", "LOGIN   ", "LOGIN bob!", "LOGIN " + "x".repeat(33), "LOGIN \u2603"}) {
            client.send(line);
            assertThat(client.readLine()).as(line).isEqualTo("ERR invalid-username");
        }
        client.send("LOGIN " + "x".repeat(32));
        assertThat(client.readLine()).isEqualTo("OK");
    }

    @Test
    void namesMayUseUnicodeLettersDigitsAndUnderscoreDashDot() {
        TestClient client = chat.connect();
        client.send("LOGIN \u00e9lo_d-1.e");
        assertThat(client.readLine()).isEqualTo("OK");
        client.send("WHO");
        assertThat(client.readLine()).isEqualTo("USER \u00e9lo_d-1.e");
    }

    @Test
    void aSecondLoginOnOneConnectionIsRefused() {
        TestClient ann = chat.login("ann");
        ann.send("LOGIN ann");
        assertThat(ann.readLine()).isEqualTo("ERR already-logged-in");
        ann.send("LOGIN someone");
        assertThat(ann.readLine()).isEqualTo("ERR already-logged-in");
        ann.send("WHO");
        assertThat(ann.readLine()).isEqualTo("USER ann");
        assertThat(ann.drain()).isEmpty();
    }

    @Test
    void aNameIsFreeAgainAfterItsOwnerDisconnects() {
        TestClient first = chat.login("carol");
        TestClient watcher = chat.login("watcher");
        first.close();
        assertThat(watcher.readLine()).isEqualTo("INFO carol disconnected");
        chat.login("CAROL").close();
    }
}
