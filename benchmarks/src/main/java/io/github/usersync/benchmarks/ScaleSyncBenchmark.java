package io.github.usersync.benchmarks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The engine at scale: a first full sync of 100,000 users, 2,000 groups and 1,000,000 memberships
 * from the in-memory directory into the in-memory target, then a second run with no source change,
 * which must plan nothing. Run with the heap the goal names:
 *
 * <pre>java -Xmx512m -cp benchmarks/target/benchmarks.jar io.github.usersync.benchmarks.ScaleSyncBenchmark</pre>
 *
 * <p>300,000 users and 3,000,000 memberships fit {@code -Xmx768m} ({@code ... ScaleSyncBenchmark
 * 300000 2000 10}). The peak printed is the sum of the heap pools' peaks, an upper bound that can
 * exceed {@code -Xmx}; what fits is what completes under it.
 *
 * <p>Arguments (optional): users, groups, memberships per user.
 */
public final class ScaleSyncBenchmark {
  private ScaleSyncBenchmark() {}

  /** Runs the benchmark and prints wall time and peak heap of each run. */
  public static void main(String[] args) {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int groups = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int perUser = args.length > 2 ? Integer.parseInt(args[2]) : 10;

    long t0 = System.nanoTime();
    InMemoryDirectory directory = build(users, groups, perUser);
    System.out.printf(Locale.ROOT, "directory: %d users, %d groups, %d memberships built in %d ms; live heap %d MiB of %d MiB%n",
        users, groups, (long) users * perUser, (System.nanoTime() - t0) / 1_000_000, HeapMeter.liveMiB(), HeapMeter.maxMiB());

    InMemoryTarget target = InMemoryTarget.create();
    UserSync sync = UserSync.builder(directory, target)
        .mapper(UserMapping.defaults().toBuilder().attribute("department", "department").build())
        .policy(SyncPolicy.builder().incremental(false).build())
        .name("scale")
        .build();

    for (int run = 1; run <= 2; run++) {
      HeapMeter.reset();
      long start = System.nanoTime();
      SyncReport report = sync.runFull();
      long wall = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(Locale.ROOT, "run %d: %d ms wall, peak heap %d MiB, %d changes planned, success=%s%n  %s%n",
          run, wall, HeapMeter.peakMiB(), report.outcomes().size(), report.success(), report.counts());
      if (run == 2 && !report.outcomes().isEmpty()) {
        throw new IllegalStateException("the second run planned changes: " + report.outcomes().subList(0, 5));
      }
    }
    System.out.printf(Locale.ROOT, "target: %d users, %d memberships; live heap %d MiB (directory, target and sync state)%n",
        target.users().count(), target.membershipCount(), HeapMeter.liveMiB());
  }

  static InMemoryDirectory build(int users, int groups, int perUser) {
    InMemoryDirectory d = InMemoryDirectory.create(500, Clock.systemUTC());
    List<String> ids = new ArrayList<>(users);
    String[] departments = {"Engineering", "Sales", "Legal", "Finance", "Support", "Ops"};
    for (int i = 0; i < users; i++) {
      String id = String.format(Locale.ROOT, "00u%08d", i);
      ids.add(id);
      ObjectNode raw = JsonNodeFactory.instance.objectNode();
      raw.put("department", departments[i % departments.length]);
      String login = "user" + i + "@example.com";
      d.putUser(DirectoryUser.builder().id(id).username(login).email(login)
          .givenName("Given" + i).familyName("Family" + i).displayName("Given" + i + " Family" + i)
          .active(true).raw(raw).build());
    }
    List<List<String>> members = new ArrayList<>(groups);
    for (int g = 0; g < groups; g++) {
      d.putGroup(DirectoryGroup.of("00g" + g, "group-" + g));
      members.add(new ArrayList<>());
    }
    for (int i = 0; i < users; i++) {
      for (int k = 0; k < perUser; k++) {
        // perUser distinct groups per user, spread evenly
        members.get((int) (((long) i * perUser + k * 7L) % groups)).add(ids.get(i));
      }
    }
    for (int g = 0; g < groups; g++) {
      d.setUserMembers("00g" + g, new java.util.LinkedHashSet<>(members.get(g)));
    }
    return d;
  }

}
