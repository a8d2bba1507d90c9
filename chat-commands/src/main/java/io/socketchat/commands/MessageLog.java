package io.socketchat.commands;

/**
 * What the message log lines say about a message: its size in UTF-8 bytes, so that what
 * people write stays out of the log unless the operator asked for it ({@code --log-text}).
 */
final class MessageLog {

    private MessageLog() {
    }

    /** The UTF-8 length of {@code text}, as {@code text.getBytes(UTF_8).length}, without encoding it. */
    static int utf8Length(String text) {
        int length = text.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 2; // four bytes for the pair's two chars
                i++;
            } else if (Character.isSurrogate(c)) {
                continue; // unpaired: encoded as '?'
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }
}
