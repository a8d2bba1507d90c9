package io.socketchat.web;

import org.eclipse.jetty.server.Request;

import java.util.List;
import java.util.Locale;

/**
 * Which pages may open a WebSocket: so a cross-site page cannot chat in a visitor's name. A
 * browser always sends {@code Origin} on a WebSocket handshake; a request without one comes
 * from a program (which could send any header anyway) and is let in.
 */
final class OriginPolicy {

    private final List<String> allowed;

    /** @param allowed normalized origins; empty for the server's own origin only; {@code *} for any */
    OriginPolicy(List<String> allowed) {
        this.allowed = allowed;
    }

    /** {@code secure}: the page was served over TLS (here, or at a trusted proxy), so its own origin is https. */
    boolean allows(Request request, boolean secure) {
        String origin = request.getHeaders().get("Origin");
        if (origin == null || allowed.contains("*")) {
            return true;
        }
        String normalized = normalize(origin);
        if (allowed.isEmpty()) {
            return normalized.equals(ownOrigin(request, secure));
        }
        return allowed.contains(normalized);
    }

    /** The origin of the page this server serves, as the browser names it: scheme and Host. */
    private static String ownOrigin(Request request, boolean secure) {
        String host = request.getHeaders().get("Host");
        String scheme = secure ? "https" : "http";
        return normalize(scheme + "://" + (host == null ? "" : host));
    }

    /** Lower case, without a trailing slash and without the scheme's default port. */
    static String normalize(String origin) {
        String lower = origin.strip().toLowerCase(Locale.ROOT);
        if (lower.endsWith("/")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        if (lower.startsWith("http://") && lower.endsWith(":80")) {
            lower = lower.substring(0, lower.length() - 3);
        } else if (lower.startsWith("https://") && lower.endsWith(":443")) {
            lower = lower.substring(0, lower.length() - 4);
        }
        return lower;
    }
}
