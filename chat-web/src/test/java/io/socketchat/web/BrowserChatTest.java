package io.socketchat.web;

import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The chat page in a real browser: Debian's Chromium, headless, driven through its own
 * chromedriver (nothing is downloaded). Two browser sessions (a desktop and a phone-sized
 * window) and a TCP client chat in the lobby and by DM; a message that is markup shows as text;
 * then the server restarts and both pages reconnect by themselves. Screenshots go to
 * {@code target/screenshots}.
 */
class BrowserChatTest {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String XSS = "<img src=x onerror=alert(1)>";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final List<WebDriver> browsers = new ArrayList<>();
    private WebFixture chat;

    @BeforeEach
    void needsChromium() {
        boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
        if (!installed && System.getenv("CI") != null) {
            fail("CI installs chromium and chromium-driver (./dev test): " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
        }
        assumeTrue(installed, "chromium and chromium-driver are not installed (./dev test installs them)");
    }

    @AfterEach
    void closeAll() {
        browsers.forEach(WebDriver::quit);
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void twoBrowsersAndATcpClientChatAndThePagesReconnectAfterARestart() throws Exception {
        int httpPort = freePort();
        chat = WebFixture.start(WebFixture.config(), WebFixture.web(httpPort));
        String page = "http://127.0.0.1:" + httpPort + "/";

        WebDriver alice = browser(new Dimension(1100, 760));
        WebDriver bob = browser(new Dimension(390, 780)); // a phone's screen
        for (WebDriver browser : List.of(alice, bob)) {
            browser.get(page);
        }
        login(alice, "alice");
        login(bob, "bob");
        TestClient carol = chat.tcpLogin("carol");

        carol.send("MSG hello from ncat");
        awaitMessage(alice, "carol", "hello from ncat");
        awaitMessage(bob, "carol", "hello from ncat");

        type(alice, XSS); // keyboard only: the composer has the focus after login
        assertThat(carol.readLine()).isEqualTo("MSG alice " + XSS);
        awaitMessage(bob, "alice", XSS);
        assertThat(bob.findElements(By.cssSelector("#messages img"))).as("shown as text, not markup").isEmpty();
        assertThat(((JavascriptExecutor) bob).executeScript("return document.images.length")).isEqualTo(0L);
        assertThatThrownBy(() -> bob.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

        // bob opens a DM with alice from the list of who is online, by keyboard
        WebElement aliceInList = until(bob, b -> b.findElements(By.cssSelector("#users button")).stream()
                .filter(e -> e.getText().equals("alice")).findFirst().orElse(null));
        aliceInList.sendKeys(Keys.ENTER);
        until(bob, b -> b.findElement(By.id("conversation-title")).getText().equals("@ alice") ? true : null);
        type(bob, "psst, alice");
        WebElement unread = until(alice, a -> a.findElements(By.cssSelector("#conversations button")).stream()
                .filter(e -> e.getText().startsWith("@ bob")).findFirst().orElse(null));
        assertThat(unread.findElement(By.className("unread")).getText()).isEqualTo("1");
        carol.send("DM bob hi bob");
        until(bob, b -> b.findElements(By.cssSelector("#conversations button")).stream()
                .anyMatch(e -> e.getText().startsWith("@ carol")) ? true : null);
        unread.click();
        awaitMessage(alice, "bob", "psst, alice");
        carol.send("PING");
        assertThat(carol.readLine()).as("carol got no DM of bob's").isEqualTo("PONG");
        screenshot(alice, "1-alice-desktop");
        screenshot(bob, "1-bob-phone");

        // The server restarts on the same HTTP port; the pages log in again by themselves.
        chat.close();
        for (WebDriver browser : List.of(alice, bob)) {
            until(browser, b -> b.findElement(By.id("status")).getText().startsWith("disconnected") ? true : null);
        }
        screenshot(bob, "2-bob-disconnected");
        chat = WebFixture.start(WebFixture.config(), WebFixture.web(httpPort));
        for (WebDriver browser : List.of(alice, bob)) {
            until(browser, b -> b.findElement(By.id("status")).getText().startsWith("connected as") ? true : null);
        }
        TestClient dave = chat.tcpLogin("dave");
        dave.send("WHO");
        assertThat(List.of(dave.readLine(), dave.readLine(), dave.readLine()))
                .containsExactly("USER alice", "USER bob", "USER dave");
        dave.send("MSG back again");
        bob.findElement(By.cssSelector("#conversations button[data-key=lobby]")).click();
        awaitMessage(bob, "dave", "back again");
        screenshot(bob, "3-bob-reconnected");
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
        WebElement field = until(browser, b -> b.findElement(By.id("login-name")).isDisplayed() ? b.findElement(By.id("login-name")) : null);
        field.sendKeys(name, Keys.ENTER);
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
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(condition);
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
