package io.github.usersync.examples;

import io.github.usersync.core.IdpDirectories;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import io.github.usersync.core.spi.UserQuery;
import java.io.PrintStream;
import java.util.stream.Collectors;

/** The entry point of {@code usersync.jar}: {@code demo} and {@code providers}. */
public final class Main {
  private Main() {}

  /** Runs a command; exits 2 on bad usage. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    String command = args.length == 0 ? "help" : args[0];
    switch (command) {
      case "demo":
        demo(out);
        return 0;
      case "providers":
        providers(out);
        return 0;
      case "help":
      case "--help":
        usage(out);
        return 0;
      default:
        err.println("usersync: unknown command '" + command + "'");
        usage(err);
        return 2;
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: java -jar usersync.jar <command>");
    out.println("  demo        read a sample in-memory directory and show what usersync sees");
    out.println("  providers   list the IdP connectors found on the classpath and their settings");
  }

  static void providers(PrintStream out) {
    java.util.List<IdpDirectoryProvider> providers = IdpDirectories.providers();
    if (providers.isEmpty()) {
      out.println("No IdP connectors on the classpath.");
    }
    for (IdpDirectoryProvider p : providers) {
      out.println(p.id() + " (" + p.displayName() + ")");
      for (SettingKey k : p.settingKeys()) {
        out.println("    " + k + ": " + k.description());
      }
    }
  }

  static void demo(PrintStream out) {
    out.println("usersync demo: providers on the classpath: "
        + IdpDirectories.providers().stream().map(IdpDirectoryProvider::id).collect(Collectors.joining(", ", "[", "]")));
    try (InMemoryDirectory directory = sampleDirectory()) {
      out.println(directory.checkConnection().toText());
      long active = directory.users(UserQuery.standard()).filter(DirectoryUser::active).count();
      out.println("Users: " + directory.userCount() + " (" + active + " active)");
      directory.groups().forEach(g -> out.println("Group " + g.name() + ": "
          + directory.groupMembers(g.id(), Membership.TRANSITIVE)
              .filter(m -> m.type() == GroupMember.Type.USER).count()
          + " members (transitive)"));
      out.println("Requests: " + directory.requestStats());
    }
  }

  static InMemoryDirectory sampleDirectory() {
    String[][] names = {
      {"Zoë", "Łukasiewicz"}, {"José", "Núñez"}, {"Åsa", "Øberg"}, {"Chloé", "Dubois"},
      {"李", "娜"}, {"Ahmet", "Yılmaz"}, {"Siobhán", "O'Brien"}, {"Jürgen", "Groß"}
    };
    InMemoryDirectory d = InMemoryDirectory.create();
    for (int i = 0; i < 300; i++) {
      String[] n = names[i % names.length];
      String login = "user" + i + "@example.com";
      d.putUser(DirectoryUser.builder().id("00u" + i).username(login).email(login)
          .givenName(n[0]).familyName(n[1]).displayName(n[0] + " " + n[1] + " " + i)
          .active(i % 25 != 0).build());
    }
    d.putGroup(DirectoryGroup.of("g-eng", "Engineering"));
    d.putGroup(DirectoryGroup.of("g-plat", "Platform"));
    d.putGroup(DirectoryGroup.of("g-all", "Everyone"));
    d.addMember("g-eng", GroupMember.group("g-plat"));
    d.addMember("g-all", GroupMember.group("g-eng"));
    for (int i = 0; i < 300; i++) {
      d.addMember(i % 3 == 0 ? "g-plat" : i % 3 == 1 ? "g-eng" : "g-all", GroupMember.user("00u" + i));
    }
    return d;
  }
}
