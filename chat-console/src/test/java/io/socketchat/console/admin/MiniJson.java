package io.socketchat.console.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Just enough of a JSON reader to check that {@code users --json} and JSON log lines are well formed. Strict. */
public final class MiniJson {

    private final String text;
    private int at;

    private MiniJson(String text) {
        this.text = text;
    }

    /** One JSON object, the whole text. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        MiniJson json = new MiniJson(text);
        Object value = json.value();
        json.blanks();
        if (json.at != text.length() || !(value instanceof Map)) {
            throw new IllegalArgumentException("not one JSON object: " + text);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> parseArray(String text) {
        MiniJson json = new MiniJson(text);
        Object value = json.value();
        json.blanks();
        if (json.at != text.length() || !(value instanceof List)) {
            throw new IllegalArgumentException("not one JSON array: " + text);
        }
        return (List<Object>) value;
    }

    private Object value() {
        blanks();
        char c = peek();
        if (c == '[') {
            at++;
            List<Object> list = new ArrayList<>();
            blanks();
            if (peek() == ']') {
                at++;
                return list;
            }
            do {
                list.add(value());
                blanks();
            } while (accept(','));
            expect(']');
            return list;
        }
        if (c == '{') {
            at++;
            Map<String, Object> map = new LinkedHashMap<>();
            blanks();
            if (peek() == '}') {
                at++;
                return map;
            }
            do {
                blanks();
                String key = string();
                blanks();
                expect(':');
                map.put(key, value());
                blanks();
            } while (accept(','));
            expect('}');
            return map;
        }
        if (c == '"') {
            return string();
        }
        for (String word : new String[] {"true", "false"}) {
            if (text.startsWith(word, at)) {
                at += word.length();
                return Boolean.valueOf(word);
            }
        }
        int start = at;
        while (at < text.length() && (Character.isDigit(peek()) || peek() == '-' || peek() == '.')) {
            at++;
        }
        if (start == at) {
            throw new IllegalArgumentException("unexpected '" + c + "' at " + at + " in " + text);
        }
        String number = text.substring(start, at);
        return number.contains(".") ? (Object) Double.parseDouble(number) : (Object) Long.parseLong(number);
    }

    private String string() {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (peek() != '"') {
            char c = text.charAt(at++);
            if (c == '\\') {
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> value.append(escaped);
                }
            } else if (c < 0x20) {
                throw new IllegalArgumentException("raw control character in string at " + at);
            } else {
                value.append(c);
            }
        }
        at++;
        return value.toString();
    }

    private void blanks() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw new IllegalArgumentException("unexpected end of " + text);
        }
        return text.charAt(at);
    }

    private boolean accept(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw new IllegalArgumentException("expected '" + c + "' at " + at + " in " + text);
        }
    }
}
