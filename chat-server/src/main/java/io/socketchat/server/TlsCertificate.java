package io.socketchat.server;

import java.time.Instant;

/**
 * The certificate the TLS listener presents to new connections.
 *
 * @param subject  the subject, as RFC 2253 writes it ({@code CN=chat.example.org})
 * @param serial   the serial number, in hexadecimal
 * @param notAfter when it expires
 */
public record TlsCertificate(String subject, String serial, Instant notAfter) {
}
