package io.socketchat.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class TextRulesAndTelnetFilterTest {

    @Test
    void plainTextTabsAndNonAsciiLettersAreSafe() {
        assertThat(TextRules.isSafe("hello world")).isTrue();
        assertThat(TextRules.isSafe("col1\tcol2")).isTrue();
        assertThat(TextRules.isSafe("grüße 日本 😀")).isTrue();
        assertThat(TextRules.isSafe("")).isTrue();
    }

    @Test
    void escapeSequencesAndOtherControlsAreNot() {
        assertThat(TextRules.isSafe("\u001b[2J cleared")).isFalse();
        assertThat(TextRules.isSafe("fake\rMSG admin hi")).isFalse();
        assertThat(TextRules.isSafe("bell\u0007")).isFalse();
        assertThat(TextRules.isSafe("nul\u0000")).isFalse();
        assertThat(TextRules.isSafe("del\u007f")).isFalse();
        assertThat(TextRules.isSafe("c1 csi \u009b2J")).isFalse();
    }

    @Test
    void telnetOptionNegotiationIsRemoved() {
        byte[] stream = bytes(0xFF, 0xFB, 0x01, 'h', 'i', 0xFF, 0xFD, 0x03, '\r', '\n');

        int kept = new TelnetFilter().filter(stream, 0, stream.length);

        assertThat(new String(stream, 0, kept, StandardCharsets.ISO_8859_1)).isEqualTo("hi\r\n");
    }

    @Test
    void subnegotiationIsRemovedEvenWhenSplitAcrossReads() {
        TelnetFilter filter = new TelnetFilter();
        byte[] first = bytes('a', 0xFF, 0xFA, 0x18, 0x00, 'x');
        byte[] second = bytes('t', 'e', 'r', 'm', 0xFF);
        byte[] third = bytes(0xF0, 'b', '\n');

        String out = kept(filter, first) + kept(filter, second) + kept(filter, third);

        assertThat(out).isEqualTo("ab\n");
        assertThat(filter.inCommand()).isFalse();
    }

    @Test
    void twoByteCommandsAreRemovedAndEscapedIacStaysAsOneDataByte() {
        byte[] stream = bytes('a', 0xFF, 0xF4, 'b', 0xFF, 0xFF, 'c');

        int kept = new TelnetFilter().filter(stream, 0, stream.length);

        assertThat(Arrays.copyOf(stream, kept)).isEqualTo(bytes('a', 'b', 0xFF, 'c'));
    }

    @Test
    void aStrayIacBeforeALineEndDoesNotSwallowTheLineEnd() {
        byte[] stream = bytes('M', 'S', 'G', ' ', 0xFF, 0xFE, '\n', 'P', 'I', 'N', 'G', '\n');

        int kept = new TelnetFilter().filter(stream, 0, stream.length);

        assertThat(new String(stream, 0, kept, StandardCharsets.ISO_8859_1)).isEqualTo("MSG \nPING\n");
    }

    private static String kept(TelnetFilter filter, byte[] chunk) {
        int kept = filter.filter(chunk, 0, chunk.length);
        return new String(chunk, 0, kept, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
