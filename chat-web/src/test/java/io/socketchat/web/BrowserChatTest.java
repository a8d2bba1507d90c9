package io.socketchat.web;

import io.socketchat.server.AccountSettings;
import io.socketchat.server.RoomSettings;
import io.socketchat.store.sqlite.SqliteStore;
import io.socketchat.store.sqlite.StoreSettings;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The chat page in a real browser: Debian's Chromium, headless, driven through its own
 * chromedriver (nothing is downloaded). Two browser sessions (a desktop and a phone-sized
 * window) and a real {@code ncat} chat in the lobby, in a room (join from the form and from the
 * room list, topic, leave) and by DM, with unread counts; a page scrolls back through a room's
 * history; a message that is markup shows as text. alice and bob log in with their accounts
 * (AUTH; a wrong password is answered on the page) and bob scrolls back through the DMs they
 * exchanged before ({@code HISTORY @alice ... BEFORE}). Then the server restarts (history and
 * accounts kept in SQLite) and both pages reconnect, log in and rejoin their room by
 * themselves. A second, shorter test: a server that replays no history on JOIN
 * ({@code --history-on-join 0}) still lets the page join and load the room's history on
 * demand. Screenshots go to {@code target/screenshots}.
 */
class BrowserChatTest {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path NCAT = Path.of("/usr/bin/ncat");
    private static final String XSS = "<img src=x onerror=alert(1)>";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String ALICE_PASSWORD = "alice-secret-1";
    private static final String BOB_PASSWORD = "bob-secret-12";

    private final List<WebDriver> browsers = new ArrayList<>();
    private final List<NcatClient> terminals = new ArrayList<>();
    private WebFixture chat;

    @TempDir
    Path dataDir;

    @BeforeEach
    void needsChromium() {
        boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM) && Files.isExecutable(NCAT);
        if (!installed && System.getenv("CI") != null) {
            fail("CI installs chromium, chromium-driver and ncat (./dev test): " + CHROMIUM + ", " + CHROMEDRIVER + " or " + NCAT + " is missing");
        }
        assumeTrue(installed, "chromium, chromium-driver or ncat is not installed (./dev test installs them)");
    }

    @AfterEach
    void closeAll() {
        browsers.forEach(WebDriver::quit);
        terminals.forEach(NcatClient::close);
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void twoBrowsersAndAnNcatUserChatInTheLobbyARoomAndByDmAndThePagesReconnectAfterARestart() throws Exception {
        int httpPort = freePort();
        chat = start(httpPort);
        String page = "http://127.0.0.1:" + httpPort + "/";

        // alice and bob own their names, and wrote to each other before: 60 DMs, kept as history.
        try (TestClient aliceTcp = TestClient.login(chat.server().port(), "alice");
             TestClient bobTcp = TestClient.login(chat.server().port(), "bob")) {
            assertThat(aliceTcp.send("REGISTER " + ALICE_PASSWORD).readLine()).isEqualTo("OK");
            assertThat(bobTcp.send("REGISTER " + BOB_PASSWORD).readLine()).isEqualTo("OK");
            for (int i = 1; i <= 60; i++) {
                aliceTcp.send("DM bob earlier " + i);
            }
            for (int i = 1; i <= 60; i++) {
                assertThat(bobTcp.readLine()).isEqualTo("DM alice earlier " + i);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.server().users().isEmpty());

        // carol, at a terminal, fills #java with more history than a JOIN shows (20 lines).
        NcatClient carol = track(NcatClient.login(chat.server().port(), "carol"));
        carol.send("JOIN #java");
        carol.expectLine("END HISTORY #java");
        for (int i = 1; i <= 30; i++) {
            carol.send("SAY #java old " + i);
        }

        WebDriver alice = browser(new Dimension(1100, 760));
        WebDriver bob = browser(new Dimension(390, 780)); // a phone's screen
        for (WebDriver browser : List.of(alice, bob)) {
            browser.get(page);
        }
        // A password means AUTH: a wrong one is answered on the page, the right one logs in.
        WebElement password = until(bob, b -> b.findElement(By.id("login-password")).isDisplayed() ? b.findElement(By.id("login-password")) : null);
        bob.findElement(By.id("login-name")).sendKeys("bob");
        password.sendKeys("not-bobs-password", Keys.ENTER);
        until(bob, b -> b.findElement(By.id("login-error")).getText().equals("Wrong name or password.") ? true : null);
        password.clear();
        password.sendKeys(BOB_PASSWORD, Keys.ENTER);
        until(bob, b -> b.findElement(By.id("chat")).isDisplayed() ? true : null);
        login(alice, "alice", ALICE_PASSWORD);

        // The lobby, and a message that is markup.
        carol.send("MSG hello from ncat");
        awaitMessage(alice, "carol", "hello from ncat");
        awaitMessage(bob, "carol", "hello from ncat");
        type(alice, XSS); // keyboard only: the composer has the focus after login
        carol.expectLine("MSG alice " + XSS);
        awaitMessage(bob, "alice", XSS);
        assertThat(bob.findElements(By.cssSelector("#messages img"))).as("shown as text, not markup").isEmpty();
        assertThat(((JavascriptExecutor) bob).executeScript("return document.images.length")).isEqualTo(0L);
        assertThatThrownBy(() -> bob.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

        // alice joins #java by keyboard and scrolls back through its history.
        alice.findElement(By.id("join-room")).sendKeys("#java", Keys.ENTER);
        until(alice, a -> a.findElement(By.id("conversation-title")).getText().equals("#java") ? true : null);
        carol.expectLine("JOIN #java alice");
        awaitMessage(alice, "carol", "old 30");
        assertThat(texts(alice)).as("a JOIN shows the newest 20").hasSize(20).startsWith("old 11");
        WebElement older = alice.findElement(By.id("older"));
        assertThat(older.isDisplayed()).isTrue();
        older.sendKeys(Keys.ENTER);
        until(alice, a -> texts(a).size() == 30 ? true : null);
        assertThat(texts(alice)).as("HISTORY #java 50 BEFORE <oldest id>, on top").startsWith("old 1", "old 2").endsWith("old 30");
        until(alice, a -> a.findElement(By.id("older")).isDisplayed() ? null : true); // nothing older is left

        // bob finds #java in the room list; the three chat in it; alice sets its topic.
        bob.findElement(By.id("rooms-refresh")).click();
        until(bob, b -> b.findElements(By.cssSelector("#rooms button[data-room='#java']")).stream().findFirst().orElse(null)).click();
        until(bob, b -> b.findElement(By.id("conversation-title")).getText().equals("#java") ? true : null);
        carol.expectLine("JOIN #java bob");
        type(bob, "hi room");
        carol.expectLine("SAY #java bob hi room");
        awaitMessage(alice, "bob", "hi room");
        carol.send("SAY #java welcome, bob");
        awaitMessage(bob, "carol", "welcome, bob");
        alice.findElement(By.id("topic-text")).sendKeys("Java talk", Keys.ENTER);
        carol.expectLine("TOPIC #java alice Java talk");
        until(bob, b -> b.findElement(By.id("topic")).getText().equals("Topic: Java talk") ? true : null);

        // bob opens a DM with alice from the list of who is online, by keyboard.
        WebElement aliceInList = until(bob, b -> b.findElements(By.cssSelector("#users button")).stream()
                .filter(e -> e.getText().equals("alice")).findFirst().orElse(null));
        aliceInList.sendKeys(Keys.ENTER);
        until(bob, b -> b.findElement(By.id("conversation-title")).getText().equals("@ alice") ? true : null);
        // With accounts, the conversation opens on their newest 50 DMs and scrolls back to the rest.
        until(bob, b -> texts(b).size() == 50 ? true : null);
        assertThat(texts(bob)).as("HISTORY @alice 50").startsWith("earlier 11").endsWith("earlier 60");
        bob.findElement(By.id("older")).sendKeys(Keys.ENTER);
        until(bob, b -> texts(b).size() == 60 ? true : null);
        assertThat(texts(bob)).as("HISTORY @alice 50 BEFORE <oldest id>, on top").startsWith("earlier 1", "earlier 2")
                .endsWith("earlier 60");
        until(bob, b -> b.findElement(By.id("older")).isDisplayed() ? null : true); // nothing older is left
        screenshot(bob, "0-bob-dm-history");
        bob.switchTo().activeElement().sendKeys(Keys.ESCAPE); // back to the composer
        type(bob, "psst, alice");
        // The list is redrawn as lines and history arrive: each step finds its button again.
        until(alice, a -> conversation(a, "dm:bob").findElements(By.className("unread")).isEmpty() ? null : true);
        until(alice, a -> conversation(a, "dm:bob").findElement(By.className("unread")).getText().equals("1") ? true : null);
        carol.send("DM bob hi bob");
        until(bob, b -> b.findElements(By.cssSelector("#conversations button[data-key='dm:carol']")).isEmpty() ? null : true);
        conversation(alice, "dm:bob").click();
        awaitMessage(alice, "bob", "psst, alice");
        carol.send("PING");
        assertThat(carol.expect(line -> line.equals("PONG") || line.startsWith("DM ")))
                .as("carol got no DM of bob's").isEqualTo("PONG");
        screenshot(alice, "1-alice-desktop");
        screenshot(bob, "1-bob-phone");

        // The server restarts (same HTTP port, same history); the pages log in and rejoin by themselves.
        chat.close();
        for (WebDriver browser : List.of(alice, bob)) {
            until(browser, b -> b.findElement(By.id("status")).getText().startsWith("disconnected") ? true : null);
        }
        screenshot(bob, "2-bob-disconnected");
        chat = start(httpPort);
        for (WebDriver browser : List.of(alice, bob)) {
            until(browser, b -> b.findElement(By.id("status")).getText().startsWith("connected as") ? true : null);
        }
        NcatClient dave = track(NcatClient.login(chat.server().port(), "dave"));
        dave.send("WHO");
        assertThat(List.of(dave.expect(l -> true), dave.expect(l -> true), dave.expect(l -> true)))
                .containsExactly("USER alice", "USER bob", "USER dave");
        await().atMost(Duration.ofSeconds(20)).until(() -> rooms(dave).contains("ROOM #java 2 Java talk"));
        dave.send("JOIN #java");
        dave.expectLine("END HISTORY #java");
        dave.send("SAY #java after the restart");
        conversation(bob, "room:#java").click();
        awaitMessage(bob, "dave", "after the restart");
        awaitMessage(bob, "bob", "hi room"); // from the stored history
        until(alice, a -> conversation(a, "room:#java").findElements(By.className("unread")).isEmpty() ? null : true);
        screenshot(bob, "3-bob-reconnected");
        bob.findElement(By.id("part")).click();
        dave.expectLine("PART #java bob");
        until(bob, b -> b.findElements(By.cssSelector("#conversations button[data-key='room:#java']")).isEmpty() ? true : null);
        screenshot(alice, "3-alice-reconnected");
    }

    @Test
    void withoutHistoryOnJoinThePageJoinsARoomAndLoadsItsHistoryOnDemand() throws Exception {
        chat = WebFixture.startWithAccounts(WebFixture.config().rooms(new RoomSettings(RoomSettings.DEFAULT_MAX_ROOMS_PER_USER,
                        RoomSettings.UNLIMITED_MEMBERS, 0, RoomSettings.DEFAULT_HISTORY_PAGE)),
                WebFixture.web(), SqliteStore.open(StoreSettings.in(dataDir)), accounts());
        NcatClient carol = track(NcatClient.login(chat.server().port(), "carol"));
        carol.send("JOIN #java");
        carol.expectLine("END MEMBERS #java");
        for (int i = 1; i <= 3; i++) {
            carol.send("SAY #java said before " + i);
        }
        carol.send("PING");
        carol.expectLine("PONG");

        WebDriver alice = browser(new Dimension(1100, 760));
        alice.get("http://127.0.0.1:" + chat.httpPort() + "/");
        login(alice, "alice");
        alice.findElement(By.id("join-room")).sendKeys("#java", Keys.ENTER);
        until(alice, a -> a.findElement(By.id("conversation-title")).getText().equals("#java") ? true : null);
        carol.expectLine("JOIN #java alice");
        carol.send("SAY #java live");
        awaitMessage(alice, "carol", "live");
        WebElement older = alice.findElement(By.id("older"));
        assertThat(older.isDisplayed()).as("no history came with the JOIN: the page may ask for it").isTrue();
        older.click();
        until(alice, a -> texts(a).size() == 4 ? true : null);
        assertThat(texts(alice)).as("HISTORY #java 50, the live line not shown twice")
                .containsExactly("said before 1", "said before 2", "said before 3", "live");
        until(alice, a -> a.findElement(By.id("older")).isDisplayed() ? null : true);
        screenshot(alice, "4-alice-no-history-on-join");
    }

    private WebFixture start(int httpPort) throws Exception {
        return WebFixture.startWithAccounts(WebFixture.config(), WebFixture.web(httpPort),
                SqliteStore.open(StoreSettings.in(dataDir)), accounts());
    }

    /** Accounts as the server's defaults have them (passwords on loopback allowed), hashed cheaply for the test. */
    private static AccountSettings accounts() {
        return AccountSettings.DEFAULTS.withArgon2(WebFixture.TEST_ARGON2);
    }

    private NcatClient track(NcatClient client) {
        terminals.add(client);
        return client;
    }

    /** The ROOM lines of one ROOMS listing. */
    private static List<String> rooms(NcatClient client) {
        client.send("ROOMS");
        List<String> rooms = new ArrayList<>();
        String line;
        while (!(line = client.expect(l -> l.startsWith("ROOM ") || l.equals("END ROOMS"))).equals("END ROOMS")) {
            rooms.add(line);
        }
        return rooms;
    }

    private static WebElement conversation(WebDriver browser, String key) {
        return until(browser, b -> b.findElements(By.cssSelector("#conversations button[data-key='" + key + "']"))
                .stream().findFirst().orElse(null));
    }

    /**
     * The texts of the open conversation's messages, top to bottom, read in one script: the page
     * may redraw the list between two reads of its elements.
     */
    @SuppressWarnings("unchecked")
    private static List<String> texts(WebDriver browser) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#messages li .text')].map((e) => e.textContent);");
    }

    private WebDriver browser(Dimension size) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--window-size=" + size.width + "," + size.height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        return driver;
    }

    private static void login(WebDriver browser, String name) {
        login(browser, name, "");
    }

    /** As a guest when {@code password} is empty, else with the account (AUTH). */
    private static void login(WebDriver browser, String name, String password) {
        WebElement field = until(browser, b -> b.findElement(By.id("login-name")).isDisplayed() ? b.findElement(By.id("login-name")) : null);
        if (password.isEmpty()) {
            field.sendKeys(name, Keys.ENTER);
        } else {
            field.sendKeys(name);
            browser.findElement(By.id("login-password")).sendKeys(password, Keys.ENTER);
        }
        until(browser, b -> b.findElement(By.id("chat")).isDisplayed() ? true : null);
    }

    private static void type(WebDriver browser, String text) {
        WebElement composer = browser.switchTo().activeElement();
        assertThat(composer.getAttribute("id")).as("the focus is on the composer").isEqualTo("composer-text");
        composer.sendKeys(text, Keys.ENTER);
    }

    private static void awaitMessage(WebDriver browser, String from, String text) {
        until(browser, b -> b.findElements(By.cssSelector("#messages li")).stream().anyMatch(li ->
                !li.findElements(By.className("from")).isEmpty()
                        && li.findElement(By.className("from")).getText().equals(from)
                        && li.findElement(By.className("text")).getText().equals(text)) ? true : null);
    }

    private static <T> T until(WebDriver browser, java.util.function.Function<WebDriver, T> condition) {
        // A redraw may replace an element between finding and reading it: look again.
        return new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class).until(condition);
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
