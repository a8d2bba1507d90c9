/**
 * The HTTP port of a SocketChat server, on Jetty 12's core API (no servlets) and virtual
 * threads: {@code /ws}, a WebSocket transport on the core's transport seam (one text message is
 * one protocol line each way); {@code /}, the browser chat page, served from this jar;
 * {@code /metrics} in Prometheus text format; {@code /healthz} and {@code /readyz}.
 */
module io.socketchat.web {
    requires io.socketchat.server;
    requires org.slf4j;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.websocket.core.server;
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.writer.text;
    requires io.prometheus.metrics.instrumentation.jvm;
    // The Prometheus jars are automatic modules, which declare no dependencies of their own: the
    // ones they load at run time are named here so that they are always in the module graph.
    requires io.prometheus.metrics.config;
    requires io.prometheus.metrics.tracer.initializer;

    exports io.socketchat.web;
}
