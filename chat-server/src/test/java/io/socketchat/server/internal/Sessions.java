package io.socketchat.server.internal;

import java.nio.charset.StandardCharsets;

/** Opens sessions on recording transports and feeds them lines, as a session's input pipeline would. */
final class Sessions {

    private static int nextPort = 40000;

    record Opened(ClientSession session, RecordingTransport transport) {
        void line(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            FlushBatch batch = FlushBatch.forInput(true);
            session.handle(ReceivedLine.decode(bytes, 0, bytes.length), batch);
            batch.end();
        }
    }

    private Sessions() {
    }

    static synchronized Opened open(Hub hub) {
        RecordingTransport transport = new RecordingTransport("127.0.0.1:" + nextPort++);
        return new Opened(hub.open(transport, 1024 * 1024), transport);
    }
}
