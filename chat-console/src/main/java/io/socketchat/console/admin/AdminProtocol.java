package io.socketchat.console.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The admin socket's line protocol, version 1 (documented in docs/admin-protocol.md). UTF-8
 * lines ending in LF. The client opens with {@code SOCKETCHAT-ADMIN 1}; the server answers
 * {@code SOCKETCHAT-ADMIN 1 OK} or {@code SOCKETCHAT-ADMIN ERR unsupported-version 1} and closes.
 * Then, any number of times: the client sends one command line; the server answers zero or
 * more {@code OUT <text>} and {@code ERR <text>} lines and one {@code EXIT <code>} line.
 * Prefixing every output line means no output can be mistaken for the end of an answer.
 */
final class AdminProtocol {

    static final int VERSION = 1;
    static final String MAGIC = "SOCKETCHAT-ADMIN";
    static final String OUT = "OUT ";
    static final String ERR = "ERR ";
    static final String EXIT = "EXIT ";
    /** Longest line either side accepts; operator commands are short. */
    static final int MAX_LINE_BYTES = 16 * 1024;

    private AdminProtocol() {
    }

    static String hello() {
        return MAGIC + " " + VERSION;
    }

    static String accepted() {
        return MAGIC + " " + VERSION + " OK";
    }

    static String rejected() {
        return MAGIC + " ERR unsupported-version " + VERSION;
    }

    /** The version a client's first line asks for, or -1 if it is not a hello at all. */
    static int requestedVersion(String hello) {
        String prefix = MAGIC + " ";
        if (!hello.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(hello.substring(prefix.length()).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Writes a result as OUT/ERR lines and the EXIT line. */
    static void writeResult(OutputStream out, CommandResult result) throws IOException {
        StringBuilder answer = new StringBuilder();
        prefixLines(answer, OUT, result.out());
        prefixLines(answer, ERR, result.err());
        answer.append(EXIT).append(result.exitCode()).append('\n');
        out.write(answer.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void prefixLines(StringBuilder answer, String prefix, String text) {
        if (text.isEmpty()) {
            return;
        }
        for (String line : text.split("\r?\n", -1)) {
            answer.append(prefix).append(line).append('\n');
        }
        // split leaves one empty element after the final newline; drop its line
        if (text.endsWith("\n")) {
            answer.setLength(answer.length() - prefix.length() - 1);
        }
    }

    static void writeLine(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line without its LF (and CR), or null at end of stream. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return decode(line);
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw new IOException("admin protocol line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
        if (line.size() == 0) {
            return null;
        }
        throw new IOException("admin protocol stream ended inside a line");
    }

    private static String decode(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
