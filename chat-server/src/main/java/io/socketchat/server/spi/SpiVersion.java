package io.socketchat.server.spi;

/** The version of the command SPI. A handler built for another major version is refused. */
public final class SpiVersion {

    /** Bumped only for incompatible changes to this package. */
    public static final int MAJOR = 1;

    /** Bumped when this package gains methods (with defaults) or types. */
    public static final int MINOR = 0;

    private SpiVersion() {
    }
}
