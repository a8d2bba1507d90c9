package io.socketchat.console.admin;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LineRoutingStreamTest {

    @Test
    void handsOverWholeLinesOnlyWithoutTheirEnds() {
        List<String> lines = new ArrayList<>();
        PrintStream out = new PrintStream(new LineRoutingStream(lines::add), true, StandardCharsets.UTF_8);

        out.print("first half, ");
        assertThat(lines).isEmpty();
        out.print("second half\nnext\r\nlast é");
        assertThat(lines).containsExactly("first half, second half", "next");
        out.println();
        assertThat(lines).containsExactly("first half, second half", "next", "last é");
    }

    @Test
    void logLinesWrittenInBatchesReachThePromptOneByOne() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        PrintStream saved = System.out;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        System.setOut(new PrintStream(new LineRoutingStream(lines::add), true, StandardCharsets.UTF_8)); // as the shell does
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LineRoutingStreamTest.class.getResource("/logback.xml")); // the shipped one
            Logger log = context.getLogger("io.socketchat.test");
            for (int i = 0; i < 2000; i++) {
                log.info("[MSG] from=routing-test bytes={}", i);
            }

            // other tests' servers may still log meanwhile: look at this test's lines only
            await().atMost(Duration.ofSeconds(5)).until(() -> ours(lines).size() == 2000);
            List<String> expected = IntStream.range(0, 2000).mapToObj(i -> "[MSG] from=routing-test bytes=" + i).toList();
            synchronized (lines) {
                assertThat(ours(lines)).allMatch(line -> line.contains(" INFO  [MSG] from=routing-test bytes="));
                assertThat(ours(lines).stream().map(line -> line.substring(line.indexOf("[MSG]"))).toList())
                        .containsExactlyElementsOf(expected);
            }
        } finally {
            context.stop();
            System.setOut(saved);
        }
    }

    private static List<String> ours(List<String> lines) {
        synchronized (lines) {
            return lines.stream().filter(line -> line.contains("from=routing-test")).toList();
        }
    }
}
