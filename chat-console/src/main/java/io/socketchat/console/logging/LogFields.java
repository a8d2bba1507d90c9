package io.socketchat.console.logging;

import io.socketchat.protocol.Quoted;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The fields of a log message written by the convention {@code [TAG] key=value key="quoted" …}:
 * a value is a JSON-quoted string, a bracketed list ({@code [a, b]}), or a word up to the next
 * blank. Words that are not {@code key=value} (free text after the tag) are left to the message.
 */
record LogFields(String tag, List<Field> fields) {

    /** One {@code key=value}, with its value as JSON: a number or boolean when the word is one, else a string. */
    record Field(String key, String json) {
    }

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0,17})(\\.[0-9]+)?");

    static LogFields parse(String message) {
        String tag = null;
        int at = 0;
        if (message.startsWith("[")) {
            int close = message.indexOf(']');
            if (close > 1 && message.substring(1, close).chars().allMatch(LogFields::isTagChar)) {
                tag = message.substring(1, close);
                at = close + 1;
            }
        }
        List<Field> fields = new ArrayList<>();
        int length = message.length();
        while (at < length) {
            while (at < length && message.charAt(at) == ' ') {
                at++;
            }
            int keyStart = at;
            while (at < length && isKeyChar(message.charAt(at))) {
                at++;
            }
            if (at == keyStart || at >= length || message.charAt(at) != '=') {
                at = skipWord(message, at); // free text
                continue;
            }
            String key = message.substring(keyStart, at);
            at++; // '='
            int valueStart = at;
            if (at < length && message.charAt(at) == '"') {
                int end = endOfQuoted(message, at);
                if (end > 0) {
                    fields.add(new Field(key, Quoted.json(unquote(message.substring(at + 1, end - 1)))));
                    at = end;
                    continue;
                }
            }
            if (at < length && (message.charAt(at) == '[' || message.charAt(at) == '{')) {
                int end = endOfBracket(message, at);
                if (end > 0) {
                    fields.add(new Field(key, Quoted.json(message.substring(at, end))));
                    at = end;
                    continue;
                }
            }
            at = skipWord(message, at);
            fields.add(new Field(key, jsonOfWord(message.substring(valueStart, at))));
        }
        return new LogFields(tag, List.copyOf(fields));
    }

    /** A key-value pair's value as JSON (SLF4J 2's {@code addKeyValue}). */
    static String jsonOf(Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return jsonOfWord(value.toString());
        }
        return Quoted.json(String.valueOf(value));
    }

    private static String jsonOfWord(String word) {
        if (NUMBER.matcher(word).matches() || word.equals("true") || word.equals("false")) {
            return word;
        }
        return Quoted.json(word);
    }

    private static boolean isTagChar(int c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_';
    }

    private static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
    }

    private static int skipWord(String message, int at) {
        while (at < message.length() && message.charAt(at) != ' ') {
            at++;
        }
        return at;
    }

    /** The index after the closing quote of the string starting at {@code start}, or -1. */
    private static int endOfQuoted(String message, int start) {
        for (int i = start + 1; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int endOfBracket(String message, int start) {
        int depth = 0;
        for (int i = start; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '[' || c == '{') {
                depth++;
            } else if ((c == ']' || c == '}') && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    private static Integer hex(String digits) {
        try {
            return Integer.parseInt(digits, 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Undoes JSON string escapes ({@code \"}, {@code \\}, {@code \n}, {@code \u0001}, …). */
    private static String unquote(String body) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder text = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                text.append(c);
                continue;
            }
            char escaped = body.charAt(++i);
            switch (escaped) {
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'u' -> {
                    Integer code = i + 4 < body.length() ? hex(body.substring(i + 1, i + 5)) : null;
                    if (code == null) {
                        text.append("\\u");
                    } else {
                        text.append((char) code.intValue());
                        i += 4;
                    }
                }
                default -> text.append(escaped); // \" \\ \/
            }
        }
        return text.toString();
    }
}
