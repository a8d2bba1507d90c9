package io.socketchat.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {

    private static String decode(byte... bytes) {
        return Utf8.decode(bytes, 0, bytes.length);
    }

    @Test
    void decodesAsciiAndMultiByteText() {
        assertThat(decode("MSG hi".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MSG hi");
        String text = "h\u00e9 \u2603 \ud83d\ude00 \u65e5\u672c";
        assertThat(decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    }

    @Test
    void decodesOnlyTheGivenRange() {
        byte[] bytes = "xx\u00e9yy".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.decode(bytes, 2, 2)).isEqualTo("\u00e9");
        assertThat(Utf8.decode(bytes, 0, 0)).isEmpty();
    }

    @Test
    void rejectsMalformedInputInsteadOfReplacingIt() {
        assertThat(decode((byte) 0xff)).isNull();
        assertThat(decode((byte) 'a', (byte) 0xc3)).as("truncated sequence").isNull();
        assertThat(decode((byte) 0xc0, (byte) 0xaf)).as("overlong encoding").isNull();
        assertThat(decode((byte) 0xed, (byte) 0xa0, (byte) 0x80)).as("encoded surrogate").isNull();
        assertThat(decode((byte) 0x80)).as("lone continuation byte").isNull();
    }

    @Test
    void encodeLineAppendsOneLfToTheUtf8Bytes() {
        assertThat(Utf8.encodeLine("PONG")).isEqualTo("PONG\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(Utf8.encodeLine("MSG b \u00e9")).isEqualTo("MSG b \u00e9\n".getBytes(StandardCharsets.UTF_8));
        assertThat(Utf8.encodeLine("")).containsExactly('\n');
    }
}
