package io.socketchat.bench;

/**
 * What one client last read and how its connection ended: the evidence of why the server
 * cut it. Written by the client's reading thread, read after the scenario.
 */
final class Tail {

    private volatile String last = Notices.NONE;
    private volatile String end;

    /** Books a line the client read (without its LF). */
    void line(byte[] bytes, int offset, int length) {
        last = Notices.label(bytes, offset, length);
    }

    /** The server ended the connection ({@code eof}, {@code reset}, ...); only the first call counts. */
    void ended(String how) {
        if (end == null) {
            end = how;
        }
    }

    /** True when the server ended the connection (the bench did not close it first). */
    boolean cut() {
        return end != null;
    }

    String last() {
        return last;
    }

    /** How the connection ended, or null while it is open (or the bench closed it). */
    String end() {
        return end;
    }

    /** {@code eof} or {@code reset} from an exception a read or write threw. */
    static String endOf(Exception e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("reset")) {
            return "reset";
        }
        if (message.contains("broken pipe")) {
            return "broken-pipe";
        }
        return e.getClass().getSimpleName();
    }
}
