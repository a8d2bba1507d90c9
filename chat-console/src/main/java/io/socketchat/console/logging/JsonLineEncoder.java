package io.socketchat.console.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import io.socketchat.protocol.Quoted;
import org.slf4j.event.KeyValuePair;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --log-format json}: one JSON object per line, for log shippers:
 * {@code {"time":"…","level":"INFO","logger":"io.socketchat.server","tag":"LOGIN","message":"[LOGIN] user=ann …","user":"ann",…}}.
 *
 * <p>The fields come from the message's own {@code [TAG] key=value} text ({@link LogFields}), so
 * every log call of the server and its plugins is covered without changing it, and from SLF4J 2
 * key-value pairs ({@code log.atInfo().addKeyValue(…)}) where a call uses them. The whole message
 * is kept in {@code message}, so nothing is lost when a line does not follow the convention. A
 * field named like one of the fixed ones gets a trailing underscore.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final Set<String> FIXED = Set.of("time", "level", "logger", "thread", "tag", "message", "exception");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final byte[] NEWLINE = {'\n'};

    private final ZoneId zone;

    public JsonLineEncoder() {
        this(ZoneId.systemDefault());
    }

    JsonLineEncoder(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        String message = String.valueOf(event.getFormattedMessage());
        LogFields fields = LogFields.parse(message);
        StringBuilder json = new StringBuilder(message.length() * 2 + 128);
        json.append("{\"time\":").append(Quoted.json(TIME.withZone(zone).format(Instant.ofEpochMilli(event.getTimeStamp()))));
        json.append(",\"level\":").append(Quoted.json(event.getLevel().toString()));
        json.append(",\"logger\":").append(Quoted.json(event.getLoggerName()));
        json.append(",\"thread\":").append(Quoted.json(String.valueOf(event.getThreadName())));
        if (fields.tag() != null) {
            json.append(",\"tag\":").append(Quoted.json(fields.tag()));
        }
        json.append(",\"message\":").append(Quoted.json(message));
        Map<String, String> values = new LinkedHashMap<>(); // name -> JSON value, first one wins
        for (LogFields.Field field : fields.fields()) {
            values.putIfAbsent(name(field.key()), field.json());
        }
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                values.putIfAbsent(name(pair.key), LogFields.jsonOf(pair.value));
            }
        }
        values.forEach((name, value) -> json.append(',').append(Quoted.json(name)).append(':').append(value));
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable != null) {
            json.append(",\"exception\":").append(Quoted.json(ThrowableProxyUtil.asString(throwable)));
        }
        json.append('}');
        byte[] text = json.toString().getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[text.length + NEWLINE.length];
        System.arraycopy(text, 0, line, 0, text.length);
        System.arraycopy(NEWLINE, 0, line, text.length, NEWLINE.length);
        return line;
    }

    private static String name(String key) {
        return FIXED.contains(key) ? key + "_" : key;
    }
}
