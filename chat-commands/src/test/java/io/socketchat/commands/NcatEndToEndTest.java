package io.socketchat.commands;

import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The server as its users meet it: through a real {@code ncat} process. */
class NcatEndToEndTest {

    /** Marks the end of ncat's output in the line queue. */
    private static final String EOF = "\u0000EOF";

    @AutoClose
    private final ChatFixture chat = ChatFixture.start();

    @Test
    void anNcatUserLogsInAndChatsBothWays() throws Exception {
        TestClient ann = chat.login("ann");
        Process ncat = new ProcessBuilder("ncat", "127.0.0.1", String.valueOf(chat.port()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BlockingQueue<String> output = readLinesInBackground(ncat);
            Writer input = new java.io.OutputStreamWriter(ncat.getOutputStream(), StandardCharsets.UTF_8);

            type(input, "LOGIN ncatuser");
            assertThat(next(output)).isEqualTo("OK");

            type(input, "MSG hello  from ncat");
            assertThat(ann.readLine()).isEqualTo("MSG ncatuser hello  from ncat");

            ann.send("DM NcatUser hi back");
            assertThat(next(output)).isEqualTo("DM ann hi back");

            type(input, "WHO");
            assertThat(next(output)).isEqualTo("USER ann");
            assertThat(next(output)).isEqualTo("USER ncatuser");

            // End of ncat's input ends the session: the server closes, ncat exits, ann is told.
            input.close();
            assertThat(next(output)).isEqualTo(EOF);
            assertThat(ncat.waitFor(10, TimeUnit.SECONDS)).as("ncat exited").isTrue();
            assertThat(ann.readLine()).isEqualTo("INFO ncatuser disconnected");
        } finally {
            ncat.destroyForcibly();
        }
    }

    private static void type(Writer input, String line) throws IOException {
        input.write(line + "\n");
        input.flush();
    }

    /** A line ncat printed, waiting as long as TestClient would; fails instead of hanging. */
    private static String next(BlockingQueue<String> output) throws InterruptedException {
        String line = output.poll(TestClient.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(line).as("a line from ncat within %s", TestClient.DEFAULT_TIMEOUT).isNotNull();
        return line;
    }

    /** Process output has no read timeout, so a virtual thread reads it into a queue. */
    private static BlockingQueue<String> readLinesInBackground(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process was killed: treat as the end of its output
            } finally {
                lines.add(EOF);
            }
        });
        return lines;
    }
}
