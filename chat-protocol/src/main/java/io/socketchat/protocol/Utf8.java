package io.socketchat.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

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
}
