package io.socketchat.protocol;

/**
 * What text may travel to other users. Control characters (C0 other than tab, DEL, C1) are
 * refused: an ESC sequence or a bare CR in a message could move the cursor, repaint or clear
 * another user's terminal, or forge lines that seem to come from someone else.
 */
public final class TextRules {

    private TextRules() {
    }

    /** True when the text holds no control character other than tab. */
    public static boolean isSafe(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            // Fast path: printable ASCII is by far the most common.
            if (c >= 0x20 && c < 0x7F) {
                continue;
            }
            if (c != '\t' && Character.getType(c) == Character.CONTROL) {
                return false;
            }
        }
        return true;
    }
}
