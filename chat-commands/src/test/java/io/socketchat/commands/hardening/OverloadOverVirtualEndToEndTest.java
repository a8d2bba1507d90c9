package io.socketchat.commands.hardening;

import io.socketchat.server.IoEngine;

/**
 * Every overload test again on the virtual-thread engine: the memory budget, the leave-notice
 * rate, the short line before login and the shutdown notice belong to the session core, not to
 * the I/O loops.
 */
class OverloadOverVirtualEndToEndTest extends OverloadEndToEndTest {

    @Override
    IoEngine engine() {
        return IoEngine.VIRTUAL;
    }
}
