package io.socketchat.bench;

import java.io.IOException;
import java.io.InputStream;

/** Reads a stream into one reusable buffer and hands over each line in place (no copies, no Strings). */
final class LineReader {

    /** Receives each line without its LF; returns false to stop reading. */
    interface Handler {
        boolean line(byte[] buffer, int offset, int length) throws IOException;
    }

    private LineReader() {
    }

    /** Reads until the handler says stop or the stream ends; returns false on end of stream. */
    static boolean run(InputStream in, byte[] buffer, Handler handler) throws IOException {
        int held = 0;
        while (true) {
            int read = in.read(buffer, held, buffer.length - held);
            if (read < 0) {
                return false;
            }
            int end = held + read;
            int start = 0;
            int i;
            int from = held;
            while ((i = Wire.indexOfNewline(buffer, from, end)) >= 0) {
                int length = i > start && buffer[i - 1] == '\r' ? i - start - 1 : i - start;
                if (!handler.line(buffer, start, length)) {
                    return true;
                }
                start = i + 1;
                from = start;
            }
            held = end - start;
            if (held == buffer.length) {
                throw new IOException("line longer than the bench's buffer (" + buffer.length + " bytes)");
            }
            if (held > 0 && start > 0) {
                System.arraycopy(buffer, start, buffer, 0, held);
            }
        }
    }
}
