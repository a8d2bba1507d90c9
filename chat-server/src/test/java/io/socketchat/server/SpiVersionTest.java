package io.socketchat.server;

import io.socketchat.server.spi.SpiVersion;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor.Version;

import static org.assertj.core.api.Assertions.assertThat;

class SpiVersionTest {

    @Test
    void theServerModuleVersionRecordsTheSpiVersionOfTheCode() {
        // The pom's spi.version goes into the module version; plugins get it from there.
        Version moduleVersion = ChatServer.class.getModule().getDescriptor().version().orElseThrow();

        assertThat(moduleVersion.toString()).endsWith("+spi." + SpiVersion.MAJOR + "." + SpiVersion.MINOR);
        assertThat(SpiVersion.fromModuleVersion(moduleVersion)).contains(SpiVersion.CURRENT);
    }

    @Test
    void readsTheSpiVersionFromBuildMetadata() {
        assertThat(SpiVersion.fromModuleVersion(Version.parse("0.1.0+spi.1.0"))).contains(new SpiVersion(1, 0));
        assertThat(SpiVersion.fromModuleVersion(Version.parse("2.3.4-rc1+spi.12.7"))).contains(new SpiVersion(12, 7));
        assertThat(SpiVersion.fromModuleVersion(Version.parse("0.1.0"))).isEmpty();
        assertThat(SpiVersion.fromModuleVersion(Version.parse("0.1.0+build.5"))).isEmpty();
        assertThat(SpiVersion.fromModuleVersion(Version.parse("0.1.0+spi.99999999999.0"))).isEmpty();
    }

    @Test
    void aPluginRunsOnTheSameMajorWithNoNewerMinor() {
        SpiVersion server = new SpiVersion(1, 2);

        assertThat(new SpiVersion(1, 0).runsOn(server)).isTrue();
        assertThat(new SpiVersion(1, 2).runsOn(server)).isTrue();
        assertThat(new SpiVersion(1, 3).runsOn(server)).isFalse();
        assertThat(new SpiVersion(2, 0).runsOn(server)).isFalse();
        assertThat(new SpiVersion(0, 9).runsOn(server)).isFalse();
    }
}
