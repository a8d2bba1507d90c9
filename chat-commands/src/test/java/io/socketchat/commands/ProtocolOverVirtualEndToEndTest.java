package io.socketchat.commands;

import io.socketchat.server.IoEngine;
import io.socketchat.server.ServerConfig;

/**
 * Every test of {@link ProtocolEndToEndTest} again with plain TCP served by the virtual-thread
 * engine ({@code --io virtual}): a blocking reader per connection feeding the same input
 * pipeline as the I/O loops.
 */
class ProtocolOverVirtualEndToEndTest extends ProtocolEndToEndTest {

    @Override
    ChatFixture start(ServerConfig.Builder config) {
        return ChatFixture.start(config.io(IoEngine.VIRTUAL));
    }
}
