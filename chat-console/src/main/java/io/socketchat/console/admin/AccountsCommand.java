package io.socketchat.console.admin;

import io.socketchat.server.AccountStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code accounts}: every account, the online ones marked. */
@Command(name = "accounts", description = {
        "List accounts: name, online (*), created, last AUTH, DMs kept for it, state.",
        "State: locked (AUTH refused), reset (holds a one-time password)."})
final class AccountsCommand implements Callable<Integer> {

    @ParentCommand
    AdminCommands admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<AccountStatus> accounts = admin.target().accounts();
        PrintWriter out = spec.commandLine().getOut();
        int nameWidth = "ACCOUNT".length();
        for (AccountStatus account : accounts) {
            nameWidth = Math.max(nameWidth, account.name().length());
        }
        String format = "%-" + nameWidth + "s  %-6s  %-24s  %-24s  %7s  %s";
        out.println(String.format(format, "ACCOUNT", "ONLINE", "CREATED", "LAST SEEN", "OFFLINE", "STATE").stripTrailing());
        for (AccountStatus account : accounts) {
            String state = (account.locked() ? "locked " : "") + (account.reset() ? "reset" : "");
            out.println(String.format(format, account.name(), account.online() ? "*" : "", account.created(),
                    account.lastSeen() == null ? "-" : account.lastSeen(), account.offline(), state.strip()).stripTrailing());
        }
        out.println("(" + accounts.size() + (accounts.size() == 1 ? " account)" : " accounts)"));
        return CommandResult.OK;
    }
}
