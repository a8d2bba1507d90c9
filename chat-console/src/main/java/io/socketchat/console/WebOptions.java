package io.socketchat.console;

import io.socketchat.web.WebPort;
import io.socketchat.web.WebSettings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The HTTP port's flags (browser page, WebSocket, metrics, health), mixed into {@code chat-server}'s options. */
public final class WebOptions {

    @Option(names = "--http-port", converter = Converters.Port.class, defaultValue = "" + WebSettings.DEFAULT_PORT,
            paramLabel = "N",
            description = "HTTP port for the browser chat page (/), WebSocket clients (/ws), Prometheus (/metrics) and"
                    + " health checks (/healthz, /readyz); 0 for any free port (env CHAT_HTTP_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--no-http", description = "Open no HTTP port (env CHAT_NO_HTTP=true).")
    boolean disabled;

    @Option(names = "--http-bind", paramLabel = "ADDR",
            description = "Address the HTTP port binds (env CHAT_HTTP_BIND; default: the --bind address).")
    InetAddress bind;

    @Option(names = "--https-port", converter = Converters.Port.class, paramLabel = "N",
            description = "Also serve the page, WebSocket (wss), metrics and health over HTTPS on port N of the HTTP"
                    + " address, 0 for any free port; off unless given. It serves the TLS listener's certificate, so it"
                    + " needs --tls-port and --tls-cert; 'tls reload' renews it here too (env CHAT_HTTPS_PORT).")
    Integer httpsPort;

    @Option(names = "--trusted-proxies", converter = Converters.Ranges.class, defaultValue = "none",
            paramLabel = "CIDR,...",
            description = "Reverse proxies whose X-Forwarded-For header names the client, for --max-per-ip and the"
                    + " logs, and whose X-Forwarded-Proto: https makes a WebSocket count as encrypted for passwords"
                    + " (AUTH); from anyone else both headers are ignored (env CHAT_TRUSTED_PROXIES; default ${DEFAULT-VALUE}).")
    Converters.AddressRanges trustedProxies;

    @Option(names = "--allowed-origins", converter = Origins.class, defaultValue = "self", paramLabel = "ORIGIN,...",
            description = "Pages that may open a WebSocket, as origins (https://chat.example.org), 'self' for the"
                    + " server's own page only, or '*' for any (env CHAT_ALLOWED_ORIGINS; default ${DEFAULT-VALUE}).")
    List<String> allowedOrigins;

    /** The HTTP port these flags describe; {@code serverBind} is the chat listener's address. */
    WebPort webPort(InetAddress serverBind) {
        if (disabled) {
            return WebPort.off();
        }
        WebSettings settings = new WebSettings(bind != null ? bind : serverBind, port, trustedProxies.ranges(), allowedOrigins);
        return WebPort.on(httpsPort == null ? settings : settings.withHttps(httpsPort));
    }

    /** {@code self} (the empty list), {@code *}, or origins: scheme, host and optional port, no path. */
    static final class Origins implements ITypeConverter<List<String>> {
        @Override
        public List<String> convert(String value) {
            List<String> origins = new ArrayList<>();
            for (String part : value.split(",")) {
                String origin = part.strip().toLowerCase(Locale.ROOT);
                if (origin.isEmpty() || origin.equals("self")) {
                    continue;
                }
                if (!origin.equals("*") && !origin.matches("https?://[a-z0-9.\\-\\[\\]:]+/?")) {
                    throw new TypeConversionException("'" + part.strip() + "' is not an origin like https://chat.example.org"
                            + " (scheme and host, no path), nor 'self' or '*'");
                }
                origins.add(origin);
            }
            return List.copyOf(origins);
        }
    }
}
