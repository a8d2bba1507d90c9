package io.socketchat.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One IRC message from a client (RFC 2812 section 2.3.1; modern IRC "Messages"): optional
 * tags (ignored), an optional source (ignored: the server knows who sent it), the command in
 * upper case, and its parameters, the last one after {@code :} may hold spaces.
 */
record IrcMessage(String command, List<String> params) {

    static IrcMessage parse(String line) {
        int i = 0;
        int length = line.length();
        if (line.startsWith("@")) {
            i = skipWord(line, i);
        }
        i = skipSpaces(line, i);
        if (i < length && line.charAt(i) == ':') {
            i = skipSpaces(line, skipWord(line, i));
        }
        int end = skipWord(line, i);
        String command = line.substring(i, end).toUpperCase(Locale.ROOT);
        List<String> params = new ArrayList<>(4);
        i = skipSpaces(line, end);
        while (i < length) {
            if (line.charAt(i) == ':') {
                params.add(line.substring(i + 1));
                break;
            }
            end = skipWord(line, i);
            params.add(line.substring(i, end));
            i = skipSpaces(line, end);
        }
        return new IrcMessage(command, params);
    }

    String param(int index) {
        return params.get(index);
    }

    int count() {
        return params.size();
    }

    private static int skipWord(String line, int i) {
        while (i < line.length() && line.charAt(i) != ' ') {
            i++;
        }
        return i;
    }

    private static int skipSpaces(String line, int i) {
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
