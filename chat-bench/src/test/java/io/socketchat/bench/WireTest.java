package io.socketchat.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WireTest {

    @Test
    void formatsAMessageThatParsesBack() {
        Wire.MessageFormat format = new Wire.MessageFormat("MSG ", 100);
        int length = format.format(17, 1_733_000_000_123_456_789L);
        String line = new String(format.buffer(), 0, length, StandardCharsets.US_ASCII);

        assertThat(line).startsWith("MSG 17 1733000000123456789 abc").endsWith("\n");
        assertThat(length).isBetween(95, 105);
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        int seqEnd = Wire.nextSpace(bytes, 4, bytes.length);
        assertThat(Wire.digits(bytes, 4, seqEnd)).isEqualTo(17);
        assertThat(Wire.digits(bytes, seqEnd + 1, Wire.nextSpace(bytes, seqEnd + 1, bytes.length)))
                .isEqualTo(1_733_000_000_123_456_789L);
    }

    @Test
    void findsTheFirstNewlineAtEveryPosition() {
        for (int length = 0; length < 40; length++) {
            for (int at = 0; at < length; at++) {
                byte[] bytes = new byte[length];
                java.util.Arrays.fill(bytes, (byte) 'x');
                bytes[at] = '\n';
                if (at + 3 < length) {
                    bytes[at + 3] = '\n'; // a later one must not win
                }
                assertThat(Wire.indexOfNewline(bytes, 0, length)).isEqualTo(at);
                assertThat(Wire.indexOfNewline(bytes, at + 1, length)).isEqualTo(at + 3 < length ? at + 3 : -1);
            }
        }
        byte[] highBytes = {(byte) 0x8b, (byte) 0x0b, (byte) 0xff, 1, 9, 11, (byte) 0x8a, 0, '\n'};
        assertThat(Wire.indexOfNewline(highBytes, 0, highBytes.length)).isEqualTo(8);
    }

    @Test
    void readsTrailingDigitsOfANameAndRejectsNonDigits() {
        byte[] name = "bs12".getBytes(StandardCharsets.US_ASCII);
        assertThat(Wire.trailingDigits(name, 0, name.length)).isEqualTo(12);
        assertThat(Wire.digits("1x".getBytes(StandardCharsets.US_ASCII), 0, 2)).isEqualTo(-1);
        assertThat(Wire.digits(name, 0, 0)).isEqualTo(-1);
    }

    @Test
    void lineReaderHandsOverCompleteLinesAndReportsTheUnfinishedTail() throws Exception {
        byte[] buffer = "OK\r\nMSG a 1 2 x\nMSG b 3".getBytes(StandardCharsets.US_ASCII);
        List<String> lines = new ArrayList<>();
        int tail = LineReader.lines(buffer, 0, buffer.length, (bytes, offset, length) -> {
            lines.add(new String(bytes, offset, length, StandardCharsets.US_ASCII));
            return true;
        });

        assertThat(lines).containsExactly("OK", "MSG a 1 2 x");
        assertThat(new String(buffer, tail, buffer.length - tail, StandardCharsets.US_ASCII)).isEqualTo("MSG b 3");
    }

    @Test
    void lineReaderStopsWhenTheHandlerSaysSo() throws Exception {
        byte[] buffer = "ERR x\nOK\n".getBytes(StandardCharsets.US_ASCII);
        List<String> lines = new ArrayList<>();
        int tail = LineReader.lines(buffer, 0, buffer.length, (bytes, offset, length) -> {
            lines.add(new String(bytes, offset, length, StandardCharsets.US_ASCII));
            return false;
        });

        assertThat(tail).isEqualTo(LineReader.STOPPED);
        assertThat(lines).containsExactly("ERR x");
    }

    @Test
    void sourceAddressRangeExpandsAndRotates() {
        SourceAddresses sources = SourceAddresses.parse("127.0.0.2-3");
        assertThat(sources.next().getHostAddress()).isEqualTo("127.0.0.2");
        assertThat(sources.next().getHostAddress()).isEqualTo("127.0.0.3");
        assertThat(sources.next().getHostAddress()).isEqualTo("127.0.0.2");
    }
}
