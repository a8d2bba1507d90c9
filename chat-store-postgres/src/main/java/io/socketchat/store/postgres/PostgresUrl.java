package io.socketchat.store.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where the database is, as an operator writes it: {@code postgresql://user:password@host:port/database}
 * (libpq's URI form; {@code postgres://} is accepted too, the port defaults to 5432, user and
 * password may be percent-encoded). {@link #toString()} leaves the password out, so the URL can be
 * logged and shown; {@link #password()} is read only to log in.
 */
public record PostgresUrl(String host, int port, String database, String user, String password) {

    public static final int DEFAULT_PORT = 5432;

    public PostgresUrl {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Whether {@code text} is meant as a PostgreSQL URL (it may still be malformed). */
    public static boolean looksLikeOne(String text) {
        return text.startsWith("postgresql://") || text.startsWith("postgres://");
    }

    /**
     * Parses a URL.
     *
     * @throws IllegalArgumentException saying what is wrong, without repeating the password
     */
    public static PostgresUrl parse(String text) {
        if (!looksLikeOne(text)) {
            throw new IllegalArgumentException("expected postgresql://user:password@host:port/database");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (expected postgresql://user:password@host:port/database)");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("no host (expected postgresql://user:password@host:port/database)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException("no database name (expected postgresql://user:password@host:port/database)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("parameters after '?' or '#' are not supported");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty() || userInfo.startsWith(":")) {
            throw new IllegalArgumentException("no user (expected postgresql://user:password@host:port/database)");
        }
        int colon = userInfo.indexOf(':');
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return new PostgresUrl(host, port, database, user, password);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL without the password: {@code postgresql://user@host:port/database}. */
    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }
}
