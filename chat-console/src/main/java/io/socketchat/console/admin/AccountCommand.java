package io.socketchat.console.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code account delete|reset|lock|unlock NAME}: act on one account. Each fails (exit 1) when there is no such account. */
@Command(name = "account", description = "Act on one account: delete, reset, lock, unlock.",
        subcommands = {AccountCommand.Delete.class, AccountCommand.Reset.class, AccountCommand.Lock.class,
                AccountCommand.Unlock.class})
final class AccountCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @ParentCommand
    AdminCommands admin;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The shared shape: one name, and the account's absence is exit 1. */
    abstract static class OnAccount implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The account (matched ignoring case).")
        String name;

        @ParentCommand
        AccountCommand parent;

        @Spec
        CommandSpec spec;

        AdminTarget target() {
            return parent.admin.target();
        }

        Integer missing() {
            spec.commandLine().getErr().println("account " + spec.name() + ": no such account: " + name);
            return CommandResult.FAILED;
        }

        Integer done(String line) {
            spec.commandLine().getOut().println(line);
            return CommandResult.OK;
        }
    }

    @Command(name = "delete", description = {"Delete the account and the DMs kept for it.",
            "A session holding the name stays, as a guest."})
    static final class Delete extends OnAccount {
        @Override
        public Integer call() {
            return target().deleteAccount(name) ? done("deleted " + name) : missing();
        }
    }

    @Command(name = "reset", description = {"Give the account a one-time password, printed once.",
            "It works for one AUTH, which reads INFO password-change-required; PASSWORD must follow."})
    static final class Reset extends OnAccount {
        @Override
        public Integer call() {
            Optional<String> password;
            try {
                password = target().resetAccount(name);
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println("account reset: " + e.getMessage() + "; try again");
                return CommandResult.FAILED;
            }
            return password.isPresent() ? done("one-time password for " + name + ": " + password.get()) : missing();
        }
    }

    @Command(name = "lock", description = "Lock the account: AUTH answers ERR account-locked (a session online stays).")
    static final class Lock extends OnAccount {
        @Override
        public Integer call() {
            return target().lockAccount(name, true) ? done("locked " + name) : missing();
        }
    }

    @Command(name = "unlock", description = "Unlock the account.")
    static final class Unlock extends OnAccount {
        @Override
        public Integer call() {
            return target().lockAccount(name, false) ? done("unlocked " + name) : missing();
        }
    }
}
