package io.socketchat.irc;

/**
 * The one mapping between SocketChat names and IRC nicks, both ways, as a pure function.
 *
 * <p>A name that is already a valid RFC 2812 nick made of ASCII letters, digits, {@code _} and
 * {@code -} (and not starting with a digit or {@code -}) is its own nick. Any other name (a
 * leading digit or {@code -}, a {@code .}, a letter outside ASCII) is shown as {@code |}
 * followed by its code points: ASCII letters, digits, {@code _} and {@code -} as they are,
 * {@code .} as {@code ^}, and every other code point as {@code {hex}} (lower-case hex). So
 * {@code 1abc} is {@code |1abc}, {@code a.b} is {@code |a^b} and {@code Åsa} is
 * {@code |{c5}sa}. No SocketChat name contains {@code |}, {@code ^}, <code>{</code> or
 * <code>}</code>, so a derived nick never equals a name shown as itself, and the encoding of each
 * code point is prefix-free, so two names never map to one nick. {@link #name} reverses it; it
 * accepts a nick only in the form {@link #nick} gives out (ignoring ASCII case, IRC's
 * {@code CASEMAPPING=ascii}), so every user has exactly one nick.
 */
final class IrcNicks {

    /** Starts every derived nick; no SocketChat name contains it. */
    static final char DERIVED = '|';
    /** The longest name SocketChat allows, in code points. */
    static final int MAX_NAME_CODE_POINTS = 32;
    /** The longest nick {@link #nick} gives out: the mark and eight characters per code point. */
    static final int MAX_NICK_LENGTH = 1 + MAX_NAME_CODE_POINTS * 8;

    private IrcNicks() {
    }

    /** The nick IRC users see for the SocketChat name {@code name}. */
    static String nick(String name) {
        if (isPlainNick(name)) {
            return name;
        }
        StringBuilder nick = new StringBuilder(name.length() + 8).append(DERIVED);
        name.codePoints().forEach(c -> {
            if (isAsciiNickChar(c)) {
                nick.append((char) c);
            } else if (c == '.') {
                nick.append('^');
            } else {
                nick.append('{').append(Integer.toHexString(c)).append('}');
            }
        });
        return nick.toString();
    }

    /** The SocketChat name behind {@code nick}, or null when no name maps to it. */
    static String name(String nick) {
        if (nick.isEmpty()) {
            return null;
        }
        if (nick.charAt(0) != DERIVED) {
            return isPlainNick(nick) ? nick : null;
        }
        StringBuilder name = new StringBuilder(nick.length());
        for (int i = 1; i < nick.length(); i++) {
            char c = nick.charAt(i);
            if (isAsciiNickChar(c)) {
                name.append(c);
            } else if (c == '^') {
                name.append('.');
            } else if (c == '{') {
                int end = nick.indexOf('}', i);
                if (end < 0 || end == i + 1 || end > i + 7) {
                    return null;
                }
                int codePoint;
                try {
                    codePoint = Integer.parseInt(nick, i + 1, end, 16);
                } catch (NumberFormatException e) {
                    return null;
                }
                if (!Character.isValidCodePoint(codePoint)) {
                    return null;
                }
                name.appendCodePoint(codePoint);
                i = end;
            } else {
                return null;
            }
        }
        String decoded = name.toString();
        // Only the form nick() gives out: no plain name in disguise, no padded hex.
        return !decoded.isEmpty() && nick(decoded).equalsIgnoreCase(nick) ? decoded : null;
    }

    /** A name that is its own nick: an ASCII letter or {@code _} first, then letters, digits, {@code _}, {@code -}. */
    static boolean isPlainNick(CharSequence name) {
        int length = name.length();
        if (length == 0 || length > MAX_NAME_CODE_POINTS) {
            return false;
        }
        char first = name.charAt(0);
        if (!(isAsciiLetter(first) || first == '_')) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            if (!isAsciiNickChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The same test on bytes of ASCII/UTF-8 text, for the hot path that never builds a String. */
    static boolean isPlainNick(byte[] bytes, int offset, int length) {
        if (length == 0 || length > MAX_NAME_CODE_POINTS) {
            return false;
        }
        int first = bytes[offset];
        if (!(isAsciiLetter(first) || first == '_')) {
            return false;
        }
        for (int i = offset + 1; i < offset + length; i++) {
            if (!isAsciiNickChar(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiNickChar(int c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
