package io.socketchat.protocol;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineDecoderTest {

    /** Records what the decoder reports; a too-long line shows up as the marker {@code <TOO LONG>}. */
    private static final class Recorder implements LineDecoder.Listener {
        static final String TOO_LONG = "<TOO LONG>";
        final List<String> events = new ArrayList<>();

        @Override
        public void line(byte[] bytes, int offset, int length) {
            events.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void lineTooLong() {
            events.add(TOO_LONG);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> decodeInChunks(int maxLine, byte[] stream, int... cuts) {
        LineDecoder decoder = new LineDecoder(maxLine);
        Recorder recorder = new Recorder();
        int start = 0;
        for (int cut : cuts) {
            decoder.feed(stream, start, cut - start, recorder);
            start = cut;
        }
        decoder.feed(stream, start, stream.length - start, recorder);
        return recorder.events;
    }

    @Test
    void splitsLinesAtLfAndKeepsAPartialLineUntilItsLfArrives() {
        LineDecoder decoder = new LineDecoder(100);
        Recorder recorder = new Recorder();
        decoder.feed(bytes("PING\nWHO\nMS"), 0, 11, recorder);
        assertThat(recorder.events).containsExactly("PING", "WHO");
        assertThat(decoder.hasPartialLine()).isTrue();
        decoder.feed(bytes("G hi\n"), 0, 5, recorder);
        assertThat(recorder.events).containsExactly("PING", "WHO", "MSG hi");
        assertThat(decoder.hasPartialLine()).isFalse();
    }

    @Test
    void givesTheSameLinesWhereverTheStreamIsSplitInTwoOrThree() {
        byte[] stream = bytes("LOGIN bob\r\nMSG  hello  there \n\nDM ann h\u00e9 \u2603\r\nPING\n");
        List<String> expected = List.of("LOGIN bob", "MSG  hello  there ", "", "DM ann h\u00e9 \u2603", "PING");
        assertThat(decodeInChunks(64, stream)).isEqualTo(expected);
        for (int i = 0; i <= stream.length; i++) {
            assertThat(decodeInChunks(64, stream, i)).as("split at %d", i).isEqualTo(expected);
            for (int j = i; j <= stream.length; j++) {
                assertThat(decodeInChunks(64, stream, i, j)).as("split at %d and %d", i, j).isEqualTo(expected);
            }
        }
    }

    @Test
    void feedingOneByteAtATimeGivesTheSameLines() {
        byte[] stream = bytes("a\r\nbb\ncc\r\n");
        LineDecoder decoder = new LineDecoder(8);
        Recorder recorder = new Recorder();
        for (int i = 0; i < stream.length; i++) {
            decoder.feed(stream, i, 1, recorder);
        }
        assertThat(recorder.events).containsExactly("a", "bb", "cc");
    }

    @Test
    void respectsOffsetAndLengthOfTheFedRange() {
        byte[] buffer = bytes("xxPING\nyy");
        Recorder recorder = new Recorder();
        new LineDecoder(16).feed(buffer, 2, 5, recorder);
        assertThat(recorder.events).containsExactly("PING");
    }

    @Test
    void dropsOnlyOneCrRightBeforeTheLf() {
        byte[] stream = bytes("a\r\r\nb\rc\n\r\n");
        assertThat(decodeInChunks(16, stream)).containsExactly("a\r", "b\rc", "");
    }

    @Test
    void aLineOfExactlyTheLimitPassesAndItsCrDoesNotCount() {
        byte[] stream = bytes("abcd\nefgh\r\n");
        for (int cut = 0; cut <= stream.length; cut++) {
            assertThat(decodeInChunks(4, stream, cut))
                    .as("split at %d", cut).containsExactly("abcd", "efgh");
        }
    }

    @Test
    void aTooLongLineIsReportedOnceAndTheStreamGoesOnWithTheNextLine() {
        byte[] stream = bytes("PING\n" + "x".repeat(50) + "\nWHO\n");
        for (int cut = 0; cut <= stream.length; cut++) {
            assertThat(decodeInChunks(16, stream, cut))
                    .as("split at %d", cut)
                    .containsExactly("PING", Recorder.TOO_LONG, "WHO");
        }
    }

    @Test
    void aTooLongLineFedByteByByteIsReportedOnce() {
        byte[] stream = bytes("y".repeat(40) + "\r\nok\n");
        LineDecoder decoder = new LineDecoder(16);
        Recorder recorder = new Recorder();
        for (int i = 0; i < stream.length; i++) {
            decoder.feed(stream, i, 1, recorder);
        }
        assertThat(recorder.events).containsExactly(Recorder.TOO_LONG, "ok");
    }

    @Test
    void oneByteOverTheLimitIsTooLongWhetherOrNotItIsSplit() {
        for (int cut = 0; cut <= 7; cut++) {
            assertThat(decodeInChunks(4, bytes("abcde\nab\n"), cut))
                    .as("split at %d", cut).containsExactly(Recorder.TOO_LONG, "ab");
            assertThat(decodeInChunks(4, bytes("abcde\r\nab\n"), cut))
                    .as("CRLF, split at %d", cut).containsExactly(Recorder.TOO_LONG, "ab");
        }
    }

    @Test
    void severalTooLongLinesInARowAreEachReportedOnce() {
        byte[] stream = bytes("z".repeat(30) + "\n" + "z".repeat(30) + "\nend\n");
        assertThat(decodeInChunks(8, stream, 5, 33, 40))
                .containsExactly(Recorder.TOO_LONG, Recorder.TOO_LONG, "end");
    }

    @Test
    void aPartialLineGrowsItsBufferBeyondTheInitialSizeAndComesOutWhole() {
        String longLine = "L".repeat(5000) + "\u00e9".repeat(1000);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(bytes(longLine + "\nafter\n"));
        byte[] all = stream.toByteArray();
        LineDecoder decoder = new LineDecoder(64 * 1024);
        Recorder recorder = new Recorder();
        // Small chunks force many appends, so the buffer grows again and again.
        for (int start = 0; start < all.length; start += 7) {
            decoder.feed(all, start, Math.min(7, all.length - start), recorder);
        }
        assertThat(recorder.events).containsExactly(longLine, "after");
    }

    @Test
    void aHugeLineBelowTheLimitIsNotReportedTooLongAndTheNextLineIsClean() {
        byte[] huge = new byte[20_000];
        Arrays.fill(huge, (byte) 'h');
        LineDecoder decoder = new LineDecoder(20_000);
        Recorder recorder = new Recorder();
        decoder.feed(huge, 0, 10_000, recorder);
        decoder.feed(huge, 10_000, 10_000, recorder);
        decoder.feed(bytes("\nsmall\n"), 0, 7, recorder);
        assertThat(recorder.events).hasSize(2);
        assertThat(recorder.events.get(0)).hasSize(20_000).matches("h+");
        assertThat(recorder.events.get(1)).isEqualTo("small");
    }

    @Test
    void rejectsALimitBelowOne() {
        assertThatThrownBy(() -> new LineDecoder(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new LineDecoder(1).maxLineBytes()).isEqualTo(1);
    }
}
