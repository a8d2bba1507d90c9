package io.socketchat.bench;

import java.io.IOException;

/** Finds the lines in a read buffer and hands each over in place (no copies, no Strings). */
final class LineReader {

    /** Receives each line without its LF (and CR); returns false to stop reading. */
    interface Handler {
        boolean line(byte[] buffer, int offset, int length) throws IOException;
    }

    /** What {@link #lines} returns when the handler asked to stop. */
    static final int STOPPED = -1;

    private LineReader() {
    }

    /**
     * Hands over every complete line in {@code buffer[0, end)}; bytes before {@code from}
     * are known to hold no LF (the unfinished tail of the previous read).
     *
     * @return where the unfinished last line starts (so {@code end} when there is none), or
     *         {@link #STOPPED}
     */
    static int lines(byte[] buffer, int from, int end, Handler handler) throws IOException {
        int start = 0;
        int newline;
        while ((newline = Wire.indexOfNewline(buffer, from, end)) >= 0) {
            int length = newline > start && buffer[newline - 1] == '\r' ? newline - start - 1 : newline - start;
            if (!handler.line(buffer, start, length)) {
                return STOPPED;
            }
            start = newline + 1;
            from = start;
        }
        return start;
    }
}
