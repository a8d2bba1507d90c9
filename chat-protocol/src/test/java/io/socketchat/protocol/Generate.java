package io.socketchat.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Input generators for {@link WirePropertiesTest}, biased toward the bytes and chars that matter. */
final class Generate {

    /** LF, CR, blanks, IAC and telnet commands, NUL, UTF-8 lead and continuation bytes. */
    private static final byte[] INTERESTING = {
            '\n', '\r', ' ', '\t', (byte) 0xFF, (byte) 250, (byte) 240, (byte) 251, (byte) 253,
            (byte) 0xC3, (byte) 0xA9, (byte) 0xE2, (byte) 0x82, (byte) 0xAC, 0};
    private static final byte[] LETTERS = {'M', 'S', 'G', 'a', 'x'};
    private static final char[] NAME_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.".toCharArray();

    private Generate() {
    }

    /** Up to 400 bytes: 40% interesting, 40% letters, 20% any byte. */
    static byte[] stream(Random random) {
        byte[] bytes = new byte[random.nextInt(401)];
        for (int i = 0; i < bytes.length; i++) {
            int pick = random.nextInt(10);
            bytes[i] = pick < 4 ? INTERESTING[random.nextInt(INTERESTING.length)]
                    : pick < 8 ? LETTERS[random.nextInt(LETTERS.length)]
                    : (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** Up to 30 cut points in 0..400 (points past the end cut at the end). */
    static List<Integer> cuts(Random random) {
        int count = random.nextInt(31);
        List<Integer> cuts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            cuts.add(random.nextInt(401));
        }
        return cuts;
    }

    static byte[] anyBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * Any UTF-16 text up to {@code maxLength}: blanks, controls, ASCII, BMP, surrogate pairs and
     * lone surrogates all appear.
     */
    static String anyString(Random random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(8)) {
                case 0 -> text.append(random.nextBoolean() ? ' ' : '\t');
                case 1 -> text.append((char) random.nextInt(0x20));
                case 2, 3 -> text.append((char) (0x20 + random.nextInt(0x5F)));
                case 4 -> text.append((char) random.nextInt(0x10000));
                case 5 -> text.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
                case 6 -> text.append(random.nextBoolean() ? '\u3000' : '\u00A0'); // blanks the parser does not trim
                default -> text.append((char) (0xD800 + random.nextInt(0x800)));
            }
        }
        return text.toString();
    }

    /** A command word: 1 to 8 capital letters. */
    static String word(Random random) {
        StringBuilder word = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
            word.append((char) ('A' + random.nextInt(26)));
        }
        return word.toString();
    }

    /** Argument text as the parser leaves it: no line breaks, no leading or trailing blank. */
    static String canonicalText(Random random) {
        return anyString(random, 40)
                .replace('\n', ' ').replace('\r', ' ')
                .replaceAll("^[ \\t]+|[ \\t]+$", "");
    }

    static String name(Random random) {
        StringBuilder name = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(32); i < n; i++) {
            name.append(NAME_CHARS[random.nextInt(NAME_CHARS.length)]);
        }
        return name.toString();
    }

    /** Text pieces (no 0xFF) and complete telnet negotiations (starting with 0xFF, no LF inside), mixed. */
    static List<byte[]> textWithNegotiation(Random random) {
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0, n = random.nextInt(16); i < n; i++) {
            pieces.add(switch (random.nextInt(4)) {
                case 0 -> text(random);
                case 1 -> new byte[] {(byte) 0xFF, (byte) (251 + random.nextInt(4)), notLf(random)};
                case 2 -> new byte[] {(byte) 0xFF, (byte) (241 + random.nextInt(9))};
                default -> subnegotiation(random);
            });
        }
        return pieces;
    }

    private static byte[] text(Random random) {
        byte[] text = new byte[1 + random.nextInt(20)];
        for (int i = 0; i < text.length; i++) {
            byte b;
            do {
                b = (byte) random.nextInt(256);
            } while (b == (byte) 0xFF);
            text[i] = b;
        }
        return text;
    }

    /** Real clients never negotiate with LF inside a sequence. */
    private static byte notLf(Random random) {
        byte b;
        do {
            b = (byte) random.nextInt(256);
        } while (b == '\n');
        return b;
    }

    private static byte[] subnegotiation(Random random) {
        List<Byte> bytes = new ArrayList<>(List.of((byte) 0xFF, (byte) 250));
        for (int i = 0, n = random.nextInt(13); i < n; i++) {
            byte b = notLf(random);
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
    }
}
