package io.socketchat.console.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.socketchat.console.admin.MiniJson;
import io.socketchat.protocol.Quoted;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --log-format json}: the {@code [TAG] key=value} convention read back into JSON fields. */
class JsonLineEncoderTest {

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("io.socketchat.server");
    private final JsonLineEncoder encoder = new JsonLineEncoder(ZoneId.of("UTC"));

    private Map<String, Object> encode(LoggingEvent event) {
        byte[] line = encoder.encode(event);
        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").doesNotContain("\r").hasLineCount(1);
        return MiniJson.parseObject(text.strip());
    }

    private LoggingEvent event(Level level, String message, Object... arguments) {
        LoggingEvent event = new LoggingEvent("fqcn", logger, level, message, null, arguments);
        event.setTimeStamp(1_764_290_000_123L);
        return event;
    }

    @Test
    void theTagAndEveryFieldBecomeJsonFieldsNumbersAndSwitchesTyped() {
        Map<String, Object> json = encode(event(Level.WARN, "[SLOW] user={} remote={} queued={} reason=send-queue-full ok=true",
                "ann", "127.0.0.1:5000", 16429));

        assertThat(json).containsEntry("time", "2025-11-28T00:33:20.123Z").containsEntry("level", "WARN")
                .containsEntry("logger", "io.socketchat.server").containsEntry("tag", "SLOW")
                .containsEntry("user", "ann").containsEntry("remote", "127.0.0.1:5000")
                .containsEntry("queued", 16429L).containsEntry("reason", "send-queue-full").containsEntry("ok", true)
                .containsEntry("message", "[SLOW] user=ann remote=127.0.0.1:5000 queued=16429 reason=send-queue-full ok=true");
    }

    @Test
    void quotedValuesAreUnquotedListsStayWholeAndFreeWordsStayInTheMessage() {
        String said = "hi \"there\" \\ a=b\nnext";
        Map<String, Object> json = encode(event(Level.INFO, "[ERROR] cannot start cause={} commands={} text={} done",
                Quoted.json("port in use"), List.of("DM", "LOGIN"), Quoted.json(said)));

        assertThat(json).containsEntry("tag", "ERROR").containsEntry("cause", "port in use")
                .containsEntry("commands", "[DM, LOGIN]").containsEntry("text", said)
                .doesNotContainKeys("cannot", "start", "done", "a");
        assertThat((String) json.get("message")).startsWith("[ERROR] cannot start cause=\"port in use\"");
    }

    @Test
    void aFieldNamedLikeAFixedOneKeepsItsValueUnderAnotherName() {
        Map<String, Object> json = encode(event(Level.INFO, "[CONFIG] level=debug message=x"));

        assertThat(json).containsEntry("level", "INFO").containsEntry("level_", "debug").containsEntry("message_", "x");
    }

    @Test
    void keyValuePairsOfSlf4jAreFieldsTooAndAThrowableIsItsStackTrace() {
        LoggingEvent event = event(Level.ERROR, "[ERROR] command=BOOM");
        event.setKeyValuePairs(List.of(new KeyValuePair("attempt", 3), new KeyValuePair("who", "bob")));
        event.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(new IllegalStateException("boom")));

        Map<String, Object> json = encode(event);

        assertThat(json).containsEntry("command", "BOOM").containsEntry("attempt", 3L).containsEntry("who", "bob");
        assertThat((String) json.get("exception")).startsWith("java.lang.IllegalStateException: boom")
                .contains("JsonLineEncoderTest.keyValuePairsOfSlf4jAreFieldsTooAndAThrowableIsItsStackTrace");
    }

    @Test
    void aMessageWithoutTagIsStillOneObject() {
        Map<String, Object> json = encode(event(Level.INFO, "plain words, no tag"));

        assertThat(json).doesNotContainKey("tag").containsEntry("message", "plain words, no tag");
    }
}
