package io.socketchat.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every HTTP route but {@code /ws} (which the WebSocket handler in front takes): the chat page's
 * files, read once from this jar; {@code /metrics}; {@code /healthz} (the process serves) and
 * {@code /readyz} (it accepts chat connections: not while shutting down, nor while a cluster node cannot reach Redis or the history cannot be written).
 */
final class Routes extends Handler.Abstract {

    /**
     * The page may load only its own files and open sockets to its own origin; nothing inline,
     * nothing from elsewhere, no framing by other sites.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    /** The page's files, by path; {@code /} is the page itself. */
    private static final String[] FILES = {"index.html", "style.css", "app.js", "chat-client.js", "view.js", "favicon.svg"};

    private final Map<String, StaticFile> files = new LinkedHashMap<>();
    private final WebMetrics metrics;
    /** Why the server takes no chat connections now ({@code shutting down}, {@code cluster unavailable}), or null. */
    private final Supplier<String> unready;

    private record StaticFile(byte[] bytes, String type) {
    }

    Routes(WebMetrics metrics, Supplier<String> unready) {
        super(InvocationType.BLOCKING);
        this.metrics = metrics;
        this.unready = unready;
        for (String name : FILES) {
            StaticFile file = new StaticFile(resource(name), TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
            files.put("/" + name, file);
        }
        files.put("/", files.get("/index.html"));
    }

    private static byte[] resource(String name) {
        try (InputStream in = Routes.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the page's file " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        boolean head = HttpMethod.HEAD.is(method);
        if (!head && !HttpMethod.GET.is(method)) {
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
            return true;
        }
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        switch (path) {
            case "/metrics" -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
                metrics.write(out);
                send(response, callback, HttpStatus.OK_200, metrics.contentType(), out.toByteArray(), head);
            }
            case "/healthz" -> send(response, callback, HttpStatus.OK_200, "text/plain; charset=utf-8", text("ok\n"), head);
            case "/readyz" -> {
                String reason = unready.get();
                send(response, callback, reason == null ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503,
                        "text/plain; charset=utf-8", text(reason == null ? "ready\n" : reason + "\n"), head);
            }
            default -> {
                StaticFile file = files.get(path);
                if (file == null) {
                    Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                    return true;
                }
                response.getHeaders().put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                response.getHeaders().put("Referrer-Policy", "no-referrer");
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
                send(response, callback, HttpStatus.OK_200, file.type(), file.bytes(), head);
            }
        }
        return true;
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body, boolean head) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (head) {
            response.write(true, null, callback);
        } else {
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
