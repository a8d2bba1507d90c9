package io.socketchat.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A TLS listener next to the TCP one. The certificate is either PEM (a chain as certbot's
 * {@code fullchain.pem}, with the key in {@code key}: PKCS#8 {@code BEGIN PRIVATE KEY}, or
 * {@code BEGIN RSA PRIVATE KEY} / {@code BEGIN EC PRIVATE KEY}) or a PKCS#12 keystore (then
 * {@code key} is null and {@code keyPassword} opens it). Only TLS 1.2 and 1.3 are spoken.
 *
 * @param bindAddress the address to listen on; null for the server's {@code bindAddress}
 * @param port        the TLS port, 0 for any free one
 * @param certificate the PEM certificate chain, or a PKCS#12 keystore
 * @param key         the PEM private key; null with a PKCS#12 keystore
 * @param keyPassword the PKCS#12 password; null for none (PEM keys are not encrypted)
 */
public record TlsSettings(InetAddress bindAddress, int port, Path certificate, Path key, String keyPassword) {

    public TlsSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("TLS port must be 0-65535: " + port);
        }
        Objects.requireNonNull(certificate, "certificate");
    }

    /** A PEM pair on {@code port}, on the server's address. */
    public static TlsSettings pem(int port, Path fullchain, Path privateKey) {
        return new TlsSettings(null, port, fullchain, Objects.requireNonNull(privateKey, "privateKey"), null);
    }

    /** A PKCS#12 keystore on {@code port}, on the server's address. */
    public static TlsSettings pkcs12(int port, Path keystore, String password) {
        return new TlsSettings(null, port, keystore, null, password);
    }

    @Override
    public String toString() {
        // Never the password.
        return "TlsSettings[bindAddress=" + bindAddress + ", port=" + port + ", certificate=" + certificate
                + ", key=" + key + "]";
    }
}
