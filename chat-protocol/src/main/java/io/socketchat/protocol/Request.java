package io.socketchat.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One client line split into its command word and the rest.
 *
 * <p>The line is trimmed of leading and trailing spaces and tabs; the word is upper-cased
 * (command words are case-insensitive); the argument is everything after the spaces that
 * follow the word, inner spacing kept as sent.
 *
 * @param word     the command word, upper case, never empty
 * @param argument the rest of the line, possibly empty, never null
 */
public record Request(String word, String argument) {

    public Request {
        if (word == null || word.isEmpty()) {
            throw new IllegalArgumentException("a request needs a command word");
        }
        if (argument == null) {
            throw new IllegalArgumentException("argument must not be null; use \"\"");
        }
    }

    /**
     * Parses a decoded line.
     *
     * @return the request, or {@code null} when the line is blank (blank lines are ignored)
     */
    public static Request parse(String line) {
        int start = skipBlanks(line, 0);
        int end = line.length();
        while (end > start && isBlank(line.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return null;
        }
        int wordEnd = start;
        while (wordEnd < end && !isBlank(line.charAt(wordEnd))) {
            wordEnd++;
        }
        String word = line.substring(start, wordEnd).toUpperCase(Locale.ROOT);
        int argStart = skipBlanks(line, wordEnd);
        String argument = argStart >= end ? "" : line.substring(argStart, end);
        return new Request(word, argument);
    }

    /** The request as one line again: the word, then a space and the argument if there is one. */
    public String toLine() {
        return argument.isEmpty() ? word : word + " " + argument;
    }

    /**
     * Splits the argument into at most {@code limit} parts at runs of blanks; the last part
     * keeps the rest of the argument unchanged (so a DM's text keeps its inner spaces).
     * An empty argument gives an empty list.
     */
    public List<String> arguments(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        List<String> parts = new ArrayList<>(Math.min(limit, 4));
        int position = 0;
        int end = argument.length();
        while (position < end) {
            if (parts.size() == limit - 1) {
                parts.add(argument.substring(position));
                break;
            }
            int partEnd = position;
            while (partEnd < end && !isBlank(argument.charAt(partEnd))) {
                partEnd++;
            }
            parts.add(argument.substring(position, partEnd));
            position = skipBlanks(argument, partEnd);
        }
        return parts;
    }

    private static int skipBlanks(String text, int from) {
        int i = from;
        while (i < text.length() && isBlank(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
