package io.socketchat.server;

/**
 * Counts of clients' faults since start, for monitoring (read when scraped, never pushed).
 *
 * @param floodEpisodes flood episodes begun: a client past its burst, read more slowly until its
 *                      budget is full again (one per {@code [FLOOD]} line)
 * @param loginTimeouts connections closed with {@code ERR login-timeout}
 */
public record FaultStats(long floodEpisodes, long loginTimeouts) {
}
