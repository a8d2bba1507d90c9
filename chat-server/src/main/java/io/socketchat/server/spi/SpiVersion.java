package io.socketchat.server.spi;

import java.lang.module.ModuleDescriptor;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of the command SPI, {@code MAJOR.MINOR}, and where a plugin's build records it.
 *
 * <p>The SPI version travels as build metadata in the version of the module
 * {@code io.socketchat.server}: release 0.1.0 with SPI 1.0 is the module
 * {@code io.socketchat.server@0.1.0+spi.1.0}. Because {@code javac} writes the version of
 * every required module into the {@code module-info.class} it compiles, a plugin built
 * against that jar carries {@code requires io.socketchat.server (@0.1.0+spi.1.0)} without its
 * author doing anything. At start the server reads it back ({@link
 * java.lang.module.ModuleDescriptor.Requires#compiledVersion()}) and refuses a plugin built for
 * another major version, or for a newer minor version than it offers.
 */
public record SpiVersion(int major, int minor) {

    /** Bumped only for incompatible changes to this package. */
    public static final int MAJOR = 1;

    /** Bumped when this package gains methods (with defaults) or types. */
    public static final int MINOR = 4;

    /** The version this server offers. */
    public static final SpiVersion CURRENT = new SpiVersion(MAJOR, MINOR);

    private static final Pattern IN_MODULE_VERSION = Pattern.compile("\\+(?:.*\\.)?spi\\.(\\d+)\\.(\\d+)$");

    public SpiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("SPI version parts must not be negative: " + major + "." + minor);
        }
    }

    /**
     * The SPI version recorded in a version of module {@code io.socketchat.server}, e.g.
     * {@code 1.0} from {@code 0.1.0+spi.1.0}; empty when it records none.
     */
    public static Optional<SpiVersion> fromModuleVersion(ModuleDescriptor.Version version) {
        Matcher matcher = IN_MODULE_VERSION.matcher(version.toString());
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SpiVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty(); // digits too long for an int: not a version we ever wrote
        }
    }

    /**
     * Whether a plugin built against {@code this} version runs on a server offering
     * {@code offered}: same major, and nothing newer than the server has.
     */
    public boolean runsOn(SpiVersion offered) {
        return major == offered.major && minor <= offered.minor;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
