package io.socketchat.protocol;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The eight-bytes-at-a-time scans must agree with the obvious byte loop everywhere. */
class BytesTest {

    private static int naiveIndexOf(byte[] bytes, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static boolean naiveIsAscii(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void indexOfAgreesWithAByteLoopOnRandomInput() {
        Random random = new Random(42);
        // Few distinct values so matches, near-misses (0x0B, 0x8A) and high bytes are all common.
        byte[] alphabet = {'\n', 'a', 0x0B, (byte) 0x8A, (byte) 0xFF, 0, '\r', ' '};
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int to = from + random.nextInt(bytes.length - from + 1);
            for (byte value : new byte[]{'\n', ' ', 0, (byte) 0xFF}) {
                assertThat(Bytes.indexOf(bytes, value, from, to))
                        .as("value %d in [%d,%d) of %s", value, from, to, java.util.Arrays.toString(bytes))
                        .isEqualTo(naiveIndexOf(bytes, value, from, to));
            }
            assertThat(Bytes.isAscii(bytes, from, to - from)).isEqualTo(naiveIsAscii(bytes, from, to - from));
        }
    }

    @Test
    void decoderStillSplitsLinesLongerThanEightBytes() {
        StringBuilder lines = new StringBuilder();
        LineDecoder decoder = new LineDecoder(1000);
        byte[] input = "MSG a fairly long line of text\r\nPING\nDM bob hi there, bob\n".getBytes();
        decoder.feed(input, 0, input.length, new LineDecoder.Listener() {
            @Override
            public void line(byte[] bytes, int offset, int length) {
                lines.append(new String(bytes, offset, length)).append('|');
            }

            @Override
            public void lineTooLong() {
                lines.append("TOO LONG|");
            }
        });
        assertThat(lines).hasToString("MSG a fairly long line of text|PING|DM bob hi there, bob|");
    }
}
