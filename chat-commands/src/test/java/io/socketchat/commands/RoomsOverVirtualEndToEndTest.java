package io.socketchat.commands;

import io.socketchat.server.IoEngine;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.store.MessageStore;

/** Every test of {@link RoomsEndToEndTest} again on the virtual-thread engine ({@code --io virtual}). */
class RoomsOverVirtualEndToEndTest extends RoomsEndToEndTest {

    @Override
    ChatFixture start(ServerConfig.Builder config, MessageStore store) {
        return ChatFixture.startWithStore(config.io(IoEngine.VIRTUAL), store);
    }
}
