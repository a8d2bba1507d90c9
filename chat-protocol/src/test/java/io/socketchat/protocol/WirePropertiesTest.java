package io.socketchat.protocol;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Properties of the input path a TCP connection runs: telnet filter, line framing, strict
 * UTF-8, request parsing. However the bytes are split across reads, the same lines and
 * requests come out; no input makes any step throw.
 */
class WirePropertiesTest {

    private static final int MAX_LINE = 64;

    /** What the input path makes of a stream: each line as a request, blank, bad UTF-8, or too long. */
    sealed interface Event permits RequestEvent, Blank, BadUtf8, TooLong {
    }

    record RequestEvent(Request request) implements Event {
    }

    record Blank() implements Event {
    }

    record BadUtf8(String hex) implements Event {
    }

    record TooLong() implements Event {
    }

    /** One connection's input path, as TcpConnection and ClientSession run it. */
    static final class InputPath implements LineDecoder.Listener {
        final TelnetFilter telnet = new TelnetFilter();
        final LineDecoder decoder = new LineDecoder(MAX_LINE);
        final List<Event> events = new ArrayList<>();

        void read(byte[] chunk) {
            byte[] copy = chunk.clone(); // the filter works in place, like on a read buffer
            int kept = telnet.filter(copy, 0, copy.length);
            decoder.feed(copy, 0, kept, this);
        }

        @Override
        public void line(byte[] bytes, int offset, int length) {
            String text = Utf8.decode(bytes, offset, length);
            if (text == null) {
                events.add(new BadUtf8(hex(bytes, offset, length)));
                return;
            }
            Request request = Request.parse(text);
            events.add(request == null ? new Blank() : new RequestEvent(request));
        }

        @Override
        public void lineTooLong() {
            events.add(new TooLong());
        }
    }

    @Property(tries = 500)
    void anySplitGivesTheSameEventsAsWhole(@ForAll("streams") byte[] stream, @ForAll("cuts") List<Integer> cuts) {
        InputPath whole = new InputPath();
        whole.read(stream);

        InputPath split = new InputPath();
        for (byte[] chunk : split(stream, cuts)) {
            split.read(chunk);
        }

        assertThat(split.events).isEqualTo(whole.events);
        assertThat(split.decoder.hasPartialLine()).isEqualTo(whole.decoder.hasPartialLine());
    }

    @Property(tries = 500)
    void telnetFilterIsSplitInvariant(@ForAll("streams") byte[] stream, @ForAll("cuts") List<Integer> cuts) {
        byte[] whole = stream.clone();
        int wholeLength = new TelnetFilter().filter(whole, 0, whole.length);

        TelnetFilter filter = new TelnetFilter();
        byte[] joined = new byte[stream.length];
        int joinedLength = 0;
        for (byte[] chunk : split(stream, cuts)) {
            int kept = filter.filter(chunk, 0, chunk.length);
            System.arraycopy(chunk, 0, joined, joinedLength, kept);
            joinedLength += kept;
        }

        assertThat(Arrays.copyOf(joined, joinedLength)).isEqualTo(Arrays.copyOf(whole, wholeLength));
    }

    @Property(tries = 500)
    void theTelnetFilterNeverRemovesALineEnd(@ForAll("streams") byte[] stream) {
        long lineEnds = count(stream, stream.length);
        byte[] filtered = stream.clone();

        int kept = new TelnetFilter().filter(filtered, 0, filtered.length);

        assertThat(count(filtered, kept)).isEqualTo(lineEnds);
    }

    @Property(tries = 300)
    void negotiationInterleavedWithTextLeavesOnlyTheText(@ForAll("textWithNegotiation") List<byte[]> pieces) {
        byte[] expected = concat(pieces.stream().filter(p -> p[0] != (byte) 0xFF).toList());
        byte[] stream = concat(pieces);

        int kept = new TelnetFilter().filter(stream, 0, stream.length);

        assertThat(Arrays.copyOf(stream, kept)).isEqualTo(expected);
    }

    @Property(tries = 1000)
    void theInputPathNeverThrows(@ForAll byte[] anyBytes) {
        assertThatCode(() -> new InputPath().read(anyBytes)).doesNotThrowAnyException();
    }

    @Property(tries = 1000)
    void parsingAnyTextNeverThrowsAndFormatsBackToItself(@ForAll String anyText) {
        Request request = Request.parse(anyText);
        if (request == null) {
            assertThat(anyText.strip()).matches("[ \\t\\s]*");
            return;
        }
        assertThat(Request.parse(request.toLine())).isEqualTo(request);
        assertThat(request.arguments(2)).allSatisfy(part -> assertThat(part).isNotEmpty());
    }

    @Property(tries = 500)
    void aCanonicalLineFormatsToItself(@ForAll("words") String word, @ForAll("texts") String text) {
        String line = text.isEmpty() ? word : word + " " + text;

        Request request = Request.parse(line);

        assertThat(request).isNotNull();
        assertThat(request.toLine()).isEqualTo(line);
    }

    @Property(tries = 500)
    void aRelayedMessageParsesBackToSenderAndText(@ForAll("names") String sender, @ForAll String clientText) {
        Request sent = Request.parse("MSG " + clientText.replace('\n', ' ').replace('\r', ' '));
        if (sent == null || sent.argument().isEmpty()) {
            return; // MSG without text is a usage error, never relayed
        }

        Request relayed = Request.parse(Replies.message(sender, sent.argument()));

        assertThat(relayed.word()).isEqualTo("MSG");
        assertThat(relayed.arguments(2)).containsExactly(sender, sent.argument());
    }

    @Property(tries = 500)
    void anyTextWithoutNewlinesSurvivesTheWire(@ForAll String text, @ForAll("cuts") List<Integer> cuts) {
        String line = text.replace('\n', ' ').replace('\r', ' ');
        if (!line.codePoints().allMatch(Character::isValidCodePoint) || hasLoneSurrogate(line)) {
            return;
        }
        byte[] wire = Utf8.encodeLine(line);
        LineDecoder decoder = new LineDecoder(wire.length + 1);
        List<String> lines = new ArrayList<>();
        for (byte[] chunk : split(wire, cuts)) {
            decoder.feed(chunk, 0, chunk.length, new LineDecoder.Listener() {
                @Override
                public void line(byte[] bytes, int offset, int length) {
                    lines.add(Utf8.decode(bytes, offset, length));
                }

                @Override
                public void lineTooLong() {
                    lines.add("<too long>");
                }
            });
        }
        assertThat(lines).containsExactly(line);
    }

    // ---- generators ----

    /** Byte streams rich in the bytes that matter: LF, CR, IAC and telnet commands, blanks, UTF-8 lead bytes. */
    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<Byte> interesting = Arbitraries.of(
                (byte) '\n', (byte) '\r', (byte) ' ', (byte) '\t', (byte) 0xFF, (byte) 250, (byte) 240,
                (byte) 251, (byte) 253, (byte) 0xC3, (byte) 0xA9, (byte) 0xE2, (byte) 0x82, (byte) 0xAC, (byte) 0);
        Arbitrary<Byte> letters = Arbitraries.of((byte) 'M', (byte) 'S', (byte) 'G', (byte) 'a', (byte) 'x');
        Arbitrary<Byte> any = Arbitraries.bytes();
        Arbitrary<Byte> mixed = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, interesting), net.jqwik.api.Tuple.of(4, letters), net.jqwik.api.Tuple.of(2, any));
        return mixed.array(byte[].class).ofMaxSize(400);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 400).list().ofMaxSize(30);
    }

    /** Text pieces (no 0xFF) and complete negotiation sequences (starting with 0xFF, no LF inside), in any order. */
    @Provide
    Arbitrary<List<byte[]>> textWithNegotiation() {
        Arbitrary<byte[]> text = Arbitraries.bytes().filter(b -> b != (byte) 0xFF)
                .array(byte[].class).ofMinSize(1).ofMaxSize(20);
        Arbitrary<byte[]> option = Combinators.combine(
                        Arbitraries.integers().between(251, 254),
                        Arbitraries.integers().between(0, 255).filter(code -> code != '\n')) // real clients never negotiate with LF
                .as((verb, code) -> new byte[] {(byte) 0xFF, (byte) (int) verb, (byte) (int) code});
        Arbitrary<byte[]> simple = Arbitraries.integers().between(241, 249)
                .map(command -> new byte[] {(byte) 0xFF, (byte) (int) command});
        Arbitrary<byte[]> subnegotiation = Arbitraries.bytes().filter(b -> b != '\n')
                .array(byte[].class).ofMaxSize(12).map(payload -> {
            List<Byte> bytes = new ArrayList<>(List.of((byte) 0xFF, (byte) 250));
            for (byte b : payload) {
                bytes.add(b);
                if (b == (byte) 0xFF) {
                    bytes.add((byte) 0xFF); // data 0xFF inside SB is escaped
                }
            }
            bytes.add((byte) 0xFF);
            bytes.add((byte) 240);
            byte[] out = new byte[bytes.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = bytes.get(i);
            }
            return out;
        });
        return Arbitraries.oneOf(text, option, simple, subnegotiation).list().ofMaxSize(15);
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(8);
    }

    /** Canonical argument text: no leading or trailing blank, no line breaks. */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().all().ofMaxLength(40)
                .map(s -> s.replace('\n', ' ').replace('\r', ' '))
                .map(s -> s.replaceAll("^[ \\t]+|[ \\t]+$", ""));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().alpha().numeric().withChars('_', '-', '.').ofMinLength(1).ofMaxLength(32);
    }

    // ---- helpers ----

    static List<byte[]> split(byte[] stream, List<Integer> cuts) {
        TreeSet<Integer> points = new TreeSet<>();
        for (int cut : cuts) {
            points.add(Math.min(cut, stream.length));
        }
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        for (int point : points) {
            chunks.add(Arrays.copyOfRange(stream, from, point));
            from = point;
        }
        chunks.add(Arrays.copyOfRange(stream, from, stream.length));
        return chunks;
    }

    private static byte[] concat(List<byte[]> pieces) {
        int total = pieces.stream().mapToInt(p -> p.length).sum();
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] piece : pieces) {
            System.arraycopy(piece, 0, out, at, piece.length);
            at += piece.length;
        }
        return out;
    }

    private static long count(byte[] bytes, int length) {
        long lineEnds = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                lineEnds++;
            }
        }
        return lineEnds;
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String hex(byte[] bytes, int offset, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = offset; i < offset + length; i++) {
            out.append(String.format("%02x", bytes[i]));
        }
        return Objects.toString(out);
    }
}
