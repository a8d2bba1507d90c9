package io.socketchat.console.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast encoder writes exactly what logback's pattern encoder writes for the same pattern. */
class LogLineEncoderTest {

    private static final List<Level> LEVELS = List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR);
    private static final List<String> MESSAGES = List.of(
            "[DM] from=alice to=bob bytes=2 text=\"hi\"", "", "unicode: é 字 🎉", "braces {} kept");
    /** Around a second boundary, a day boundary, before 1970, and a DST change in Paris. */
    private static final long[] TIMES = {1_764_290_000_999L, 1_764_290_001_000L, 1_764_288_000_000L - 1,
            -1_500L, 1_774_744_200_000L, 1_774_746_000_500L};

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("io.socketchat.test");
    private LogLineEncoder fast;
    private PatternLayoutEncoder pattern;

    @BeforeEach
    void startContext() {
        context.start();
    }

    @AfterEach
    void stopEncoders() {
        fast.stop();
        pattern.stop();
        context.stop();
    }

    private void start(ZoneId zone, String zoneSuffix) {
        fast = new LogLineEncoder(zone);
        fast.setContext(context);
        fast.start();
        pattern = new PatternLayoutEncoder();
        pattern.setContext(context);
        pattern.setPattern(LogLineEncoder.PATTERN.replace("SSSXXX}", "SSSXXX" + zoneSuffix + "}"));
        pattern.start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Europe/Paris", "Asia/Kolkata", "America/St_Johns"})
    void everyLevelMessageAndTimeEncodesAsThePatternDoes(String zoneId) {
        start(ZoneId.of(zoneId), ", " + zoneId);
        for (Level level : LEVELS) {
            for (String message : MESSAGES) {
                for (long time : TIMES) {
                    LoggingEvent event = new LoggingEvent("fqcn", logger, level, message, null, null);
                    event.setTimeStamp(time);
                    assertThat(new String(fast.encode(event), StandardCharsets.UTF_8))
                            .isEqualTo(new String(pattern.encode(event), StandardCharsets.UTF_8));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Asia/Kolkata"})
    void argumentsAndStackTracesComeOutAsThePatternWritesThem(String zoneId) {
        start(ZoneId.of(zoneId), ", " + zoneId);
        LoggingEvent withArguments = new LoggingEvent("fqcn", logger, Level.INFO, "[MSG] from={} bytes={} text={}", null,
                new Object[] {"carol", 1, "\"x\""});
        LoggingEvent withThrowable = new LoggingEvent("fqcn", logger, Level.ERROR, "[ERROR] cause={}",
                new IllegalStateException("boom"), new Object[] {"boom"});
        for (LoggingEvent event : List.of(withArguments, withThrowable)) {
            event.setTimeStamp(TIMES[0]);
            assertThat(new String(fast.encode(event), StandardCharsets.UTF_8))
                    .isEqualTo(new String(pattern.encode(event), StandardCharsets.UTF_8));
        }
        assertThat(new String(fast.encode(withThrowable), StandardCharsets.UTF_8))
                .contains("java.lang.IllegalStateException: boom", "\tat ");
    }
}
