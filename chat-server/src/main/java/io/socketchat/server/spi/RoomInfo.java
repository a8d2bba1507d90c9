package io.socketchat.server.spi;

/**
 * A room as {@code ROOMS} lists it.
 *
 * @param name    as first created, {@code #} included
 * @param members how many users are in it
 * @param topic   its topic, or {@code null} when none is set
 * @since SPI 1.2
 */
public record RoomInfo(String name, int members, String topic) {
}
