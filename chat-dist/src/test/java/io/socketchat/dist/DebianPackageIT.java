package io.socketchat.dist;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The .deb on this machine: installed with dpkg, its files, user and unit checked, then removed
 * (data and config stay) and purged (they go). CI machines are disposable and run as root; the
 * package is purged at the end whatever happened. Also lintian, and the unit's verification and
 * exposure score.
 */
class DebianPackageIT {

    private static final Path DEB = Path.of(System.getProperty("deb.file"));
    private static final Path UNIT = Path.of(System.getProperty("deb.packaging"), "socketchat.service");
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+) (\\S+)");

    @BeforeAll
    static void onADebianMachineAsRoot() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "dpkg is needed (a Debian or Ubuntu machine)");
        assumeTrue(Files.isRegularFile(DEB), "the package step built no .deb (no dpkg-deb)");
        assumeTrue("root".equals(System.getProperty("user.name")), "installing a package needs root (CI runs as root)");
        purge(); // a run that was killed before its clean-up
    }

    @AfterAll
    static void purge() {
        Commands.run("dpkg", "--purge", "socketchat");
    }

    @Test
    void installsRunsAsItsOwnUserAndRemoveKeepsDataAndConfigWhilePurgeDeletesThem() throws IOException {
        Commands.Result install = Commands.run("dpkg", "-i", DEB.toString());
        assertThat(install.exitCode()).as(install.output()).isZero();

        assertThat(Path.of("/usr/lib/socketchat/runtime/bin/java")).isExecutable();
        assertThat(Path.of("/usr/lib/socketchat/aot/chat-server.aot")).isRegularFile();
        assertThat(Files.readSymbolicLink(Path.of("/usr/bin/chat-server")).toString()).isEqualTo("../lib/socketchat/bin/chat-server");
        assertThat(Commands.run("dpkg-query", "-W", "-f=${Conffiles}", "socketchat").output())
                .contains("/etc/socketchat/socketchat.conf");
        assertThat(Commands.run("getent", "passwd", "socketchat").output()).contains(":/var/lib/socketchat:/usr/sbin/nologin");
        assertThat(Commands.run("getent", "group", "socketchat").exitCode()).isZero();
        PosixFileAttributes data = Files.readAttributes(Path.of("/var/lib/socketchat"), PosixFileAttributes.class);
        assertThat(data.owner().getName()).isEqualTo("socketchat");
        PosixFileAttributes config = Files.readAttributes(Path.of("/etc/socketchat/socketchat.conf"), PosixFileAttributes.class);
        assertThat(config.group().getName()).isEqualTo("socketchat");
        assertThat(Path.of("/etc/systemd/system/multi-user.target.wants/socketchat.service"))
                .as("enabled").exists();

        Commands.Result version = Commands.run("/usr/bin/chat-server", "--version");
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("chat-server 0.1.0 (commit ").contains("JVM: 25");
        Commands.Result settings = Commands.run("/usr/bin/chat-server", "--config", "/etc/socketchat/socketchat.conf", "config");
        assertThat(settings.exitCode()).as(settings.output()).isZero();
        assertThat(settings.output()).containsPattern("port = 4000 +# /etc/socketchat/socketchat.conf:\\d+");

        Commands.Result verify = Commands.run("systemd-analyze", "verify", "/lib/systemd/system/socketchat.service");
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        Commands.Result template = Commands.run("systemd-analyze", "verify", "/lib/systemd/system/socketchat@.service");
        assertThat(template.exitCode()).as(template.output()).isZero();
        assertThat(Path.of("/etc/systemd/system/multi-user.target.wants/socketchat@.service"))
                .as("a cluster node is enabled by the operator, per instance").doesNotExist();

        Files.writeString(Path.of("/var/lib/socketchat/history.db"), "kept");
        Commands.Result remove = Commands.run("dpkg", "--remove", "socketchat");
        assertThat(remove.exitCode()).as(remove.output()).isZero();
        assertThat(Path.of("/usr/lib/socketchat")).doesNotExist();
        assertThat(Path.of("/usr/bin/chat-server")).doesNotExist();
        assertThat(Path.of("/var/lib/socketchat/history.db")).as("data stays").hasContent("kept");
        assertThat(Path.of("/etc/socketchat/socketchat.conf")).as("config stays").exists();

        Commands.Result purge = Commands.run("dpkg", "--purge", "socketchat");
        assertThat(purge.exitCode()).as(purge.output()).isZero();
        assertThat(Path.of("/var/lib/socketchat")).doesNotExist();
        assertThat(Path.of("/etc/socketchat")).doesNotExist();
        assertThat(Files.exists(Path.of("/etc/systemd/system/multi-user.target.wants/socketchat.service"), LinkOption.NOFOLLOW_LINKS))
                .as("no longer enabled").isFalse();
        assertThat(Commands.run("dpkg-query", "-W", "socketchat").exitCode()).as("not known to dpkg any more").isNotZero();
    }

    @Test
    void lintianFindsNoErrors() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/lintian")), "lintian is needed");
        Commands.Result lintian = Commands.run("lintian", "--no-tag-display-limit", DEB.toString());
        System.out.println("lintian:\n" + lintian.output());
        assertThat(lintian.output().lines()).noneMatch(line -> line.startsWith("E: "));
    }

    @Test
    void theUnitIsHardened() {
        Commands.Result security = Commands.run("systemd-analyze", "security", "--offline=true", UNIT.toString());
        System.out.println("systemd-analyze security --offline=true:\n" + security.output());
        Matcher exposure = EXPOSURE.matcher(security.output());
        assertThat(exposure.find()).as(security.output()).isTrue();
        System.out.printf("exposure: %s %s%n", exposure.group(1), exposure.group(2));
        assertThat(Double.parseDouble(exposure.group(1))).as("OK is 2.0 or less").isLessThanOrEqualTo(2.0);
    }
}
