package io.socketchat.protocol;

/**
 * Client text made safe to show: a JSON string literal with quotes, backslashes and every
 * control character escaped. Log lines ({@code text="..."}) and operator JSON use it, so no
 * client can forge a log line or break a script's parser.
 */
public final class Quoted {

    private Quoted() {
    }

    public static String json(String text) {
        int first = firstToEscape(text);
        if (first < 0) {
            // The common case, every chat line's log entry: one copy, no per-character appends.
            return "\"" + text + "\"";
        }
        StringBuilder quoted = new StringBuilder(text.length() + 8).append('"').append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static int firstToEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }
}
