package io.socketchat.commands;

import io.socketchat.server.AccountSettings;
import io.socketchat.server.AccountStatus;
import io.socketchat.server.Cidr;
import io.socketchat.server.ServerConfig;
import io.socketchat.commands.hardening.LogCapture;
import io.socketchat.server.store.StoredAccount;
import io.socketchat.store.sqlite.SqliteStore;
import io.socketchat.store.sqlite.StoreSettings;
import io.socketchat.testkit.TestCertificates;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every row of the accounts' protocol table over real sockets, against a real server with its
 * accounts in a real SQLite database in a temporary directory. The subclass runs each again
 * with every client over TLS.
 */
class AccountsEndToEndTest {

    /** Cheap Argon2id parameters: the rows test the protocol, not the cost (the benchmark measures OWASP's). */
    static final AccountSettings.Argon2 TEST_ARGON2 = new AccountSettings.Argon2(1024, 1, 1);
    static final String SECRET = "correct-horse-battery";
    static final String OTHER = "another-good-password";

    @TempDir
    Path dataDirectory;
    ChatFixture chat;
    SqliteStore store;
    /** The failed-attempt window's clock: tests move it on instead of waiting. */
    final AtomicLong clock = new AtomicLong(1_000_000_000L);

    AccountSettings settings() {
        return AccountSettings.DEFAULTS.withArgon2(TEST_ARGON2);
    }

    /** Over plain TCP here; the TLS subclass gives a certificate. */
    ChatFixture start(AccountSettings settings) {
        store = openStore(dataDirectory);
        return ChatFixture.startWithAccounts(ChatFixture.config(), store, settings, clock::get, null, null);
    }

    ChatFixture chat() {
        if (chat == null) {
            chat = start(settings());
        }
        return chat;
    }

    @AfterEach
    void stop() {
        if (chat != null) {
            chat.close();
        }
    }

    TestClient registered(String name, String password) {
        TestClient client = chat().login(name);
        client.send("REGISTER " + password);
        assertThat(client.readLine()).isEqualTo("OK");
        return client;
    }

    TestClient authenticated(String name, String password) {
        TestClient client = chat().connect();
        client.send("AUTH " + name + " " + password);
        assertThat(client.readLine()).isEqualTo("OK");
        return client;
    }

    @Test
    void withMultiLoginASecondAuthSharesEverythingAndTheNameLeavesWithTheLastSession() {
        chat = start(settings().withMultiLogin(true));
        registered("ann", SECRET).close();
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.server().users().isEmpty());
        TestClient phone = authenticated("ann", SECRET);
        TestClient laptop = authenticated("ann", SECRET);
        TestClient bob = chat.login("bob");
        bob.send("WHO");
        assertThat(bob.drain()).containsExactly("USER ann", "USER bob");

        bob.send("MSG hi all").send("DM ann psst");
        assertThat(phone.readLine()).isEqualTo("MSG bob hi all");
        assertThat(phone.readLine()).isEqualTo("DM bob psst");
        assertThat(laptop.readLine()).isEqualTo("MSG bob hi all");
        assertThat(laptop.readLine()).isEqualTo("DM bob psst");
        phone.send("MSG from the phone");
        assertThat(bob.readLine()).isEqualTo("MSG ann from the phone");
        assertThat(laptop.readLine()).isEqualTo("MSG ann from the phone");

        phone.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.server().users().size() == 2);
        assertThat(bob.drain()).as("ann is still online on the laptop").isEmpty();
        bob.send("DM ann still there?");
        assertThat(laptop.readLine()).isEqualTo("DM bob still there?");
        laptop.close();
        assertThat(bob.readLine()).isEqualTo("INFO ann disconnected");
    }

    @Test
    void withMultiLoginAGuestsNameStaysItsOwnAndAKickEndsEverySession() {
        chat = start(settings().withMultiLogin(true));
        TestClient guest = chat.login("gus");
        TestClient other = chat.connect();
        other.send("AUTH gus " + SECRET);
        assertThat(other.readLine()).as("no account: the guest keeps its name").isEqualTo("ERR bad-credentials");
        assertThat(guest.drain()).isEmpty();

        registered("ann", SECRET).close();
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.server().users().size() == 1);
        TestClient phone = authenticated("ann", SECRET);
        TestClient laptop = authenticated("ann", SECRET);
        assertThat(chat.server().kick("ann", "enough", "console")).isTrue();
        assertThat(phone.readUntilClosed()).containsExactly("INFO kicked by operator: enough");
        assertThat(laptop.readUntilClosed()).containsExactly("INFO kicked by operator: enough");
        assertThat(guest.readLine()).isEqualTo("INFO ann disconnected");
    }

    @Test
    void registerTurnsTheGuestNameIntoAnAccount() {
        TestClient ann = chat().login("Ann");
        ann.send("REGISTER short").send("REGISTER " + "x".repeat(257)).send("REGISTER has blanks inside");
        assertThat(ann.readLine()).isEqualTo("ERR weak-password");
        assertThat(ann.readLine()).isEqualTo("ERR weak-password");
        assertThat(ann.readLine()).isEqualTo("ERR weak-password");
        ann.send("REGISTER " + "x".repeat(10));
        assertThat(ann.readLine()).isEqualTo("OK");
        ann.send("REGISTER " + SECRET);
        assertThat(ann.readLine()).isEqualTo("ERR already-registered");
        assertThat(chat.server().accounts()).extracting(AccountStatus::name, AccountStatus::online)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Ann", true));
        TestClient guest = chat.connect();
        guest.send("REGISTER " + SECRET);
        assertThat(guest.readLine()).isEqualTo("ERR not-logged-in");
    }

    @Test
    void authLogsInAsTheAccountAndRefusesWrongPasswordsAndUnknownNamesAlike() {
        registered("ann", SECRET).close();
        await().until(() -> chat.server().users().isEmpty());
        TestClient wrong = chat.connect();
        wrong.send("AUTH ann " + OTHER).send("AUTH nobody " + SECRET).send("AUTH bad/name " + SECRET);
        assertThat(wrong.readLine()).isEqualTo("ERR bad-credentials");
        assertThat(wrong.readLine()).isEqualTo("ERR bad-credentials");
        assertThat(wrong.readLine()).isEqualTo("ERR bad-credentials");
        wrong.send("AUTH ANN " + SECRET);
        assertThat(wrong.readLine()).isEqualTo("OK");
        wrong.send("WHO");
        assertThat(wrong.readLine()).isEqualTo("USER ann"); // the name as registered
        wrong.send("AUTH ann " + SECRET);
        assertThat(wrong.readLine()).isEqualTo("ERR already-logged-in");
        TestClient second = chat.connect();
        second.send("AUTH ann " + SECRET);
        assertThat(second.readLine()).isEqualTo("ERR username-taken");
        second.send("AUTH ann");
        assertThat(second.readLine()).isEqualTo("ERR usage: AUTH <name> <password>");
    }

    @Test
    void loginOfAnAccountNameIsRefusedAndTheConnectionStaysForAuth() {
        registered("ann", SECRET).close();
        await().until(() -> chat.server().users().isEmpty());
        TestClient client = chat.connect();
        client.send("LOGIN ann").send("LOGIN ANN");
        assertThat(client.readLine()).isEqualTo("ERR name-registered");
        assertThat(client.readLine()).isEqualTo("ERR name-registered");
        client.send("AUTH ann " + SECRET);
        assertThat(client.readLine()).isEqualTo("OK");
    }

    @Test
    void passwordChangesThePasswordAfterCheckingTheOldOne() {
        TestClient ann = registered("ann", SECRET);
        ann.send("PASSWORD " + OTHER + " brand-new-password");
        assertThat(ann.readLine()).isEqualTo("ERR bad-credentials");
        ann.send("PASSWORD " + SECRET + " short");
        assertThat(ann.readLine()).isEqualTo("ERR weak-password");
        ann.send("PASSWORD " + SECRET + " brand-new-password");
        assertThat(ann.readLine()).isEqualTo("OK");
        ann.close();
        await().until(() -> chat.server().users().isEmpty());
        TestClient again = chat.connect();
        again.send("AUTH ann " + SECRET);
        assertThat(again.readLine()).isEqualTo("ERR bad-credentials");
        again.send("AUTH ann brand-new-password");
        assertThat(again.readLine()).isEqualTo("OK");
        TestClient guest = chat.login("bob");
        guest.send("PASSWORD " + SECRET + " brand-new-password");
        assertThat(guest.readLine()).isEqualTo("ERR not-authenticated");
    }

    @Test
    void unregisterMakesTheNameAGuestNameAgain() {
        TestClient ann = registered("ann", SECRET);
        ann.send("UNREGISTER " + OTHER);
        assertThat(ann.readLine()).isEqualTo("ERR bad-credentials");
        ann.send("UNREGISTER " + SECRET);
        assertThat(ann.readLine()).isEqualTo("OK");
        ann.send("HISTORY @bob");
        assertThat(ann.readLine()).isEqualTo("ERR not-authenticated");
        ann.close();
        await().until(() -> chat.server().users().isEmpty());
        TestClient guest = chat.connect();
        guest.send("AUTH ann " + SECRET);
        assertThat(guest.readLine()).isEqualTo("ERR bad-credentials");
        guest.send("LOGIN ann");
        assertThat(guest.readLine()).isEqualTo("OK");
        assertThat(chat.server().accounts()).isEmpty();
    }

    @Test
    void directMessagesBetweenAccountsAreHistoryAndGuestsOnesAreNot() {
        TestClient ann = registered("ann", SECRET);
        TestClient bob = registered("Bob", OTHER);
        TestClient guest = chat().login("carl");
        ann.send("DM bob hello bob");
        assertThat(bob.readLine()).isEqualTo("DM ann hello bob");
        bob.send("DM ann hi  ann");
        assertThat(ann.readLine()).isEqualTo("DM Bob hi  ann");
        guest.send("DM ann from a guest");
        assertThat(ann.readLine()).isEqualTo("DM carl from a guest");
        ann.send("DM carl to a guest");
        assertThat(guest.readLine()).isEqualTo("DM ann to a guest");

        ann.send("HISTORY @BOB");
        List<String> page = ann.readUntil("END HISTORY @Bob");
        assertThat(page).hasSize(3);
        assertThat(page.get(0)).matches("HIST @Bob \\d+ \\S+Z ann hello bob");
        assertThat(page.get(1)).matches("HIST @Bob \\d+ \\S+Z Bob hi  ann");
        long newest = Long.parseLong(page.get(1).split(" ")[2]);
        ann.send("HISTORY @bob 5 BEFORE " + newest);
        assertThat(ann.readUntil("END HISTORY @Bob")).hasSize(2);
        ann.send("HISTORY @carl");
        assertThat(ann.readLine()).isEqualTo("END HISTORY @carl");
        ann.send("HISTORY @bad/name");
        assertThat(ann.readLine()).isEqualTo("ERR invalid-username");
        guest.send("HISTORY @ann");
        assertThat(guest.readLine()).isEqualTo("ERR not-authenticated");
    }

    @Test
    void aDirectMessageToAnOfflineAccountIsKeptForItsNextAuth() {
        registered("Ann", SECRET).close();
        await().until(() -> chat.server().users().isEmpty());
        TestClient bob = chat.login("bob");
        bob.send("DM ann first").send("DM ANN second  with spaces").send("DM nobody lost");
        assertThat(bob.readLine()).isEqualTo("INFO offline Ann");
        assertThat(bob.readLine()).isEqualTo("INFO offline Ann");
        assertThat(bob.readLine()).isEqualTo("ERR user-not-found");
        TestClient ann = chat.connect();
        ann.send("AUTH ann " + SECRET);
        assertThat(ann.readLine()).isEqualTo("OK");
        assertThat(ann.readLine()).isEqualTo("INFO offline-messages 2");
        assertThat(ann.readLine()).isEqualTo("DM bob first");
        assertThat(ann.readLine()).isEqualTo("DM bob second  with spaces");
        assertThat(ann.drain()).isEmpty();
        bob.send("DM ann live now");
        assertThat(ann.readLine()).isEqualTo("DM bob live now");
        ann.close();
        await().until(() -> chat.server().users().size() == 1);
        TestClient again = authenticated("ann", SECRET);
        assertThat(again.drain()).isEmpty(); // delivered once
    }

    @Test
    void aFullMailboxAnswersMailboxFull() {
        chat = start(settings().withOfflineMax(2));
        registered("ann", SECRET).close();
        await().until(() -> chat.server().users().isEmpty());
        TestClient bob = chat.login("bob");
        bob.send("DM ann 1").send("DM ann 2").send("DM ann 3");
        assertThat(bob.readLine()).isEqualTo("INFO offline ann");
        assertThat(bob.readLine()).isEqualTo("INFO offline ann");
        assertThat(bob.readLine()).isEqualTo("ERR mailbox-full");
        TestClient ann = authenticated("ann", SECRET);
        assertThat(ann.readUntil("DM bob 2")).containsExactly("INFO offline-messages 2", "DM bob 1", "DM bob 2");
        ann.close();
        await().until(() -> chat.server().users().size() == 1);
        bob.send("DM ann 4"); // room again once taken
        assertThat(bob.readUntil("INFO offline ann")).containsExactly("INFO ann disconnected", "INFO offline ann");
    }

    @Test
    void offlineMessagesOutliveARestart() {
        registered("ann", SECRET).close();
        await().until(() -> chat.server().users().isEmpty());
        TestClient bob = chat.login("bob");
        bob.send("DM ann kept across a restart");
        assertThat(bob.readLine()).isEqualTo("INFO offline ann");
        chat.close();
        chat = start(settings());
        assertThat(chat.server().accounts()).singleElement().satisfies(a -> assertThat(a.offline()).isEqualTo(1));
        TestClient ann = authenticated("ann", SECRET);
        assertThat(ann.readLine()).isEqualTo("INFO offline-messages 1");
        assertThat(ann.readLine()).isEqualTo("DM bob kept across a restart");
    }

    @Test
    void failuresAreThrottledPerAccountAndTheWindowPasses() {
        chat = start(settings().withThrottle(5, Duration.ofMinutes(5)));
        registered("ann", SECRET).close();
        await().until(() -> chat.server().users().isEmpty());
        TestClient client = chat.connect();
        for (int i = 0; i < 5; i++) {
            client.send("AUTH ann wrong-password-" + i);
            assertThat(client.readLine()).isEqualTo("ERR bad-credentials");
        }
        client.send("AUTH ann " + SECRET); // the right one, but not even checked now
        assertThat(client.readLine()).isEqualTo("ERR too-many-attempts");
        TestClient other = chat.connect();
        other.send("AUTH ann " + SECRET);
        assertThat(other.readLine()).isEqualTo("ERR too-many-attempts");
        clock.addAndGet(Duration.ofMinutes(5).toNanos());
        client.send("AUTH ann " + SECRET);
        assertThat(client.readLine()).isEqualTo("OK");
    }

    @Test
    void failuresAreThrottledPerAddressToo() {
        chat = start(settings().withThrottle(3, Duration.ofMinutes(5)));
        registered("ann", SECRET).close();
        await().until(() -> chat.server().users().isEmpty());
        TestClient client = chat.connect();
        for (String name : List.of("x1", "x2", "x3")) { // three unknown names, one address
            client.send("AUTH " + name + " " + SECRET);
            assertThat(client.readLine()).isEqualTo("ERR bad-credentials");
        }
        client.send("AUTH ann " + SECRET);
        assertThat(client.readLine()).isEqualTo("ERR too-many-attempts");
        clock.addAndGet(Duration.ofMinutes(5).toNanos());
        client.send("AUTH ann " + SECRET);
        assertThat(client.readLine()).isEqualTo("OK");
    }

    @Test
    void eachAttemptIsLoggedAndNoPasswordEver() {
        try (LogCapture server = LogCapture.server(); LogCapture commands = LogCapture.commands()) {
            TestClient ann = registered("ann", SECRET);
            ann.send("PASSWORD " + SECRET + " " + OTHER);
            assertThat(ann.readLine()).isEqualTo("OK");
            ann.close();
            await().until(() -> chat.server().users().isEmpty());
            TestClient client = chat.connect();
            client.send("AUTH ann " + SECRET).send("AUTH nobody " + SECRET).send("AUTH ann " + OTHER);
            assertThat(client.readLine()).isEqualTo("ERR bad-credentials");
            assertThat(client.readLine()).isEqualTo("ERR bad-credentials");
            assertThat(client.readLine()).isEqualTo("OK");
            client.send("UNREGISTER " + OTHER);
            assertThat(client.readLine()).isEqualTo("OK");
            assertThat(server.tagged("[AUTH]")).anySatisfy(line -> assertThat(line).matches(
                    "\\[AUTH] user=ann remote=127\\.0\\.0\\.1:\\d+ result=bad-password"))
                    .anySatisfy(line -> assertThat(line).matches("\\[AUTH] user=nobody remote=\\S+ result=unknown-name"))
                    .anySatisfy(line -> assertThat(line).matches("\\[AUTH] user=ann remote=\\S+ result=ok"));
            assertThat(server.tagged("[ACCOUNT]")).anySatisfy(line -> assertThat(line).startsWith("[ACCOUNT] registered=ann"))
                    .anySatisfy(line -> assertThat(line).startsWith("[ACCOUNT] unregistered=ann"));
            for (String line : server.all()) {
                assertThat(line).doesNotContain(SECRET).doesNotContain(OTHER);
            }
            for (String line : commands.all()) {
                assertThat(line).doesNotContain(SECRET).doesNotContain(OTHER);
            }
        }
    }

    @Test
    void passwordsOverPlainTcpFromOutsideTheAllowedRangesAreRefusedUnchecked() {
        chat = start(settings().withPlaintextAuthFrom(Cidr.parseList("none")));
        TestClient plain = chat.loginPlain("ann");
        plain.send("REGISTER " + SECRET);
        assertThat(plain.readLine()).isEqualTo("ERR tls-required");
        TestClient auth = chat.connectPlain();
        auth.send("AUTH ann " + SECRET);
        assertThat(auth.readLine()).isEqualTo("ERR tls-required");
        assertThat(chat.server().accounts()).isEmpty();
    }

    @Test
    void anOperatorLocksUnlocksResetsAndDeletes() {
        registered("ann", SECRET).close();
        await().until(() -> chat.server().users().isEmpty());
        assertThat(chat.server().lockAccount("ANN", true)).isTrue();
        TestClient client = chat.connect();
        client.send("AUTH ann " + OTHER);
        assertThat(client.readLine()).isEqualTo("ERR bad-credentials"); // a lock tells nothing to a guesser
        client.send("AUTH ann " + SECRET);
        assertThat(client.readLine()).isEqualTo("ERR account-locked");
        chat.server().lockAccount("ann", false);

        String oneTime = chat.server().resetAccount("ann").orElseThrow();
        client.send("AUTH ann " + SECRET);
        assertThat(client.readLine()).isEqualTo("ERR bad-credentials");
        client.send("AUTH ann " + oneTime);
        assertThat(client.readLine()).isEqualTo("OK");
        assertThat(client.readLine()).isEqualTo("INFO password-change-required");
        client.close();
        await().until(() -> chat.server().users().isEmpty());
        await().until(() -> store.accounts().getFirst().reset() == StoredAccount.Reset.USED);
        TestClient reused = chat.connect();
        reused.send("AUTH ann " + oneTime);
        assertThat(reused.readLine()).isEqualTo("ERR bad-credentials"); // one AUTH only

        String second = chat.server().resetAccount("ann").orElseThrow();
        reused.send("AUTH ann " + second);
        assertThat(reused.readLine()).isEqualTo("OK");
        assertThat(reused.readLine()).isEqualTo("INFO password-change-required");
        reused.send("PASSWORD " + second + " " + OTHER);
        assertThat(reused.readLine()).isEqualTo("OK");
        reused.close();
        await().until(() -> chat.server().users().isEmpty());
        authenticated("ann", OTHER).close();
        await().until(() -> chat.server().users().isEmpty());

        assertThat(chat.server().deleteAccount("ann")).isTrue();
        assertThat(chat.server().deleteAccount("ann")).isFalse();
        chat.login("ann");
    }

    @Test
    void aLoginWithAHashOfOtherParametersRehashesIt() {
        registered("ann", SECRET).close();
        await().until(() -> chat.server().users().isEmpty());
        String before = store.accounts().getFirst().hash();
        assertThat(before).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        chat.close();
        chat = start(settings().withArgon2(new AccountSettings.Argon2(2048, 2, 1)));
        authenticated("ann", SECRET);
        await().until(() -> store.accounts().getFirst().hash().startsWith("$argon2id$v=19$m=2048,t=2,p=1$"));
        chat.close();
        chat = start(settings().withArgon2(new AccountSettings.Argon2(2048, 2, 1)));
        authenticated("ann", SECRET); // the new hash verifies
    }

    static SqliteStore openStore(Path directory) {
        try {
            return SqliteStore.open(StoreSettings.in(directory));
        } catch (io.socketchat.store.sqlite.StoreOpenException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the TLS subclass needs to issue its certificate. */
    static TestCertificates.Leaf leaf(TestCertificates certificates) {
        return certificates.issue("localhost", "ec");
    }

    static ServerConfig.Builder config() {
        return ChatFixture.config();
    }
}
