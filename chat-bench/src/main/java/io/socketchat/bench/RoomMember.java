package io.socketchat.bench;

import java.util.concurrent.CountDownLatch;

/**
 * A fan-out client in a room: hands every line to its counter, and counts {@code joined} down
 * when the {@code JOIN}'s answer ends ({@code END HISTORY #room}, the last line of the listing),
 * so the senders start only once every member is in.
 */
final class RoomMember implements LineReader.Handler {

    private final byte[] endOfJoin;
    private final LineReader.Handler counter;
    private final CountDownLatch joined;
    private boolean in;

    RoomMember(String room, LineReader.Handler counter, CountDownLatch joined) {
        this.endOfJoin = Wire.ascii("END HISTORY " + room);
        this.counter = counter;
        this.joined = joined;
    }

    @Override
    public boolean line(byte[] bytes, int offset, int length) throws java.io.IOException {
        if (!in && Wire.equals(bytes, offset, length, endOfJoin)) {
            in = true;
            joined.countDown();
            return true;
        }
        return counter.line(bytes, offset, length);
    }
}
