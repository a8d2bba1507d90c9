package io.socketchat.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Strict UTF-8: a malformed line is reported, never silently repaired with U+FFFD. */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * Decodes strictly.
     *
     * @return the text, or {@code null} when the bytes are not valid UTF-8
     */
    public static String decode(byte[] bytes, int offset, int length) {
        if (Bytes.isAscii(bytes, offset, length)) {
            // Pure ASCII is the common case and is valid UTF-8 by definition.
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Encodes a line for the wire: its UTF-8 bytes followed by LF. */
    public static byte[] encodeLine(String line) {
        byte[] text = line.getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[text.length + 1];
        System.arraycopy(text, 0, framed, 0, text.length);
        framed[text.length] = '\n';
        return framed;
    }

    /** The bytes {@link #encodeLines} needs for these lines, computed without encoding them. */
    public static long encodedLinesLength(List<String> lines) {
        long total = 0;
        for (String line : lines) {
            total += encodedLength(line) + 1;
        }
        return total;
    }

    /** Encodes lines for the wire as one block, each line followed by LF. */
    public static byte[] encodeLines(List<String> lines) {
        long length = encodedLinesLength(lines);
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("lines too long for one block: " + length + " bytes");
        }
        byte[] block = new byte[(int) length];
        int at = 0;
        for (String line : lines) {
            byte[] text = line.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(text, 0, block, at, text.length);
            at += text.length;
            block[at++] = '\n';
        }
        return block;
    }

    /** UTF-8 length of a string (unpaired surrogates count as the one byte '?' they encode to). */
    public static int encodedLength(String text) {
        int bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
