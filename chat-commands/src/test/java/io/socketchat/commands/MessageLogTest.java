package io.socketchat.commands;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The logged size is the UTF-8 length, as getBytes(UTF_8) counts it, without encoding. */
class MessageLogTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "h\u00e9", "\u2603 snow", "\ud83d\ude00", "a\ud83d\ude00b\u07ff\u0800\uffff",
            "lone \ud83d high", "lone \ude00 low", "end \ud83d", "\u0000\u007f\u0080"})
    void utf8LengthIsWhatTheEncoderWrites(String text) {
        assertThat(MessageLog.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }
}
