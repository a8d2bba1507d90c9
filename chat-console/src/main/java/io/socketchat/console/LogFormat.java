package io.socketchat.console;

/** The formats {@code --log-format} accepts. */
enum LogFormat {
    /** {@code <time> <LEVEL> [TAG] key=value ...}, for people and grep. */
    TEXT,
    /** One JSON object per line, for log shippers. */
    JSON
}
