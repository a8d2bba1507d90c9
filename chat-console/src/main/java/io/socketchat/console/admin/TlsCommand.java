package io.socketchat.console.admin;

import io.socketchat.server.TlsCertificate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tls [reload]}: show the TLS certificate, or read the certificate files again. */
@Command(name = "tls", description = {
        "Show the TLS port and the certificate new connections get, or 'tls reload':",
        "read the certificate and key files again (after a certbot renewal) and serve them",
        "to new connections. Connected sessions go on. If a file is bad, the old",
        "certificate stays and the answer says why (exit 1)."})
final class TlsCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "reload", description = "Read the files again.")
    String action;

    @ParentCommand
    AdminCommands admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (action != null && !action.equalsIgnoreCase("reload")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown action '" + action + "' (only: reload)");
        }
        Optional<TlsCertificate> current = admin.target().tlsCertificate();
        if (current.isEmpty()) {
            spec.commandLine().getErr().println("tls: TLS is off (start the server with --tls-port and --tls-cert)");
            return CommandResult.FAILED;
        }
        if (action == null) {
            spec.commandLine().getOut().println("tls port " + admin.target().tlsPort() + " " + describe(current.get()));
            return CommandResult.OK;
        }
        TlsCertificate reloaded;
        try {
            reloaded = admin.target().reloadTls();
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("tls reload: " + e.getMessage() + "; still serving " + describe(current.get()));
            return CommandResult.FAILED;
        }
        spec.commandLine().getOut().println("tls reloaded: " + describe(reloaded) + " (was " + describe(current.get()) + ")");
        return CommandResult.OK;
    }

    private static String describe(TlsCertificate certificate) {
        return "subject=" + certificate.subject() + " not-after=" + certificate.notAfter() + " serial=" + certificate.serial();
    }
}
