package io.github.usersync.benchmarks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.mapping.GroupRules;
import io.github.usersync.core.mapping.MappingInput;
import io.github.usersync.core.mapping.MappingOutcome;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the attribute mapping: a 10-rule mapping (username, email, display name, active and
 * six attributes, with fallbacks, a template, a lookup, a regex and case/diacritics transforms) over
 * 48 distinct Microsoft Graph-shaped users, cycled. {@code withGroups} adds ten groups per user
 * through prefix/drop group rules (the cached host-name path the engine takes for memberships).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MappingBenchmark -f 1 -wi 3 -i 5 -t 1}.
 *
 * <p>On a machine shared with other work, wall-clock throughput understates what one core does;
 * {@link #main} also divides by the measuring thread's CPU time: {@code java -cp
 * benchmarks/target/benchmarks.jar io.github.usersync.benchmarks.MappingBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class MappingBenchmark {
  private static final int USERS = 48;
  private static final String[] DEPARTMENTS = {"D01", "D02", "D03", "D04", "X99"};
  private static final String[] FIRST = {"Adele", "Alex", "Diego", "Grady", "Isaiah", "Johanna", "Lee",
      "Lidia", "Lynne", "Megan", "Miriam", "Nestor", "Patti", "Pradeep", "José", "Zoë"};
  private static final String[] LAST = {"Vance", "Wilber", "Siciliani", "Archie", "Langer", "Lorenz",
      "Gu", "Holloway", "Robbins", "Bowen", "Graham", "Wilke", "Fernandez", "Gupta", "Núñez", "Sørensen"};
  private static final String[] OFFICES = {"18/2111", "131/1104", "Zürich", "São Paulo", "24/1106"};

  private List<MappingInput> plain = List.of();
  private List<MappingInput> grouped = List.of();
  private UserMapping mapping = UserMapping.defaults();
  private int next;

  @Setup
  public void setUp() {
    mapping =
        UserMapping.builder()
            .username("userPrincipalName | lower")
            .email("mail ?? userPrincipalName | guestUpnToEmail | lower")
            .displayName("displayName ?? template('{givenName} {surname}')")
            .active("accountEnabled")
            .lookup("departments",
                Map.of("D01", "Engineering", "D02", "Sales", "D03", "Finance", "D04", "Legal"))
            .attribute("department", "department | lookup(departments) | whenEmpty(keep)")
            .attribute("position", "jobTitle | trim")
            .attribute("phone", "businessPhones[0] ?? mobilePhone")
            .attribute("location", "officeLocation | ascii")
            .attribute("costCenter", "onPremisesExtensionAttributes.extensionAttribute1 | upper")
            .attribute("employeeId", "employeeId | replace('^0+', '')")
            .groups(GroupRules.builder().drop("^All .*").prefix("idp-").build())
            .build();
    List<MappingInput> p = new ArrayList<>();
    List<MappingInput> g = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      DirectoryUser user = graphUser(i);
      p.add(MappingInput.of(user));
      MappingInput.Builder withGroups = MappingInput.builder().user(user);
      for (int k = 0; k < 10; k++) {
        int id = (i * 7 + k * 13) % 60;
        withGroups.addGroups(DirectoryGroup.of(
            String.format(Locale.ROOT, "0d7e%04d-52a1-4c4e-9f1b-6a4f3c2b1a%02d", id, id % 100),
            id % 10 == 0 ? "All Staff " + id : "Team " + id));
      }
      g.add(withGroups.build());
    }
    plain = p;
    grouped = g;
    // Every user must map: a benchmark of errors would measure the wrong thing.
    for (MappingInput in : grouped) {
      if (mapping.map(in).user().isEmpty()) {
        throw new IllegalStateException("benchmark user not mapped: " + in.user().id());
      }
    }
  }

  private static DirectoryUser graphUser(int i) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    String first = FIRST[i % FIRST.length];
    String last = LAST[(i * 5) % LAST.length];
    boolean guest = i % 12 == 5;
    String upn = guest
        ? first.toLowerCase(Locale.ROOT) + "." + i + "_partner.example#EXT#@contoso.onmicrosoft.com"
        : first + "." + last + i + "@Contoso.com";
    String id = String.format(Locale.ROOT, "87d349ed-44d7-43e1-9a83-%012d", i);
    ObjectNode raw = f.objectNode();
    raw.put("@odata.type", "#microsoft.graph.user");
    raw.put("id", id);
    raw.putArray("businessPhones").add(i % 3 == 0 ? "" : "+1 425 555 " + (1000 + i));
    raw.put("displayName", i % 9 == 0 ? null : first + " " + last);
    raw.put("givenName", first);
    raw.put("surname", last);
    raw.put("jobTitle", i % 4 == 0 ? "  Retail Manager " : "Engineer");
    if (guest || i % 10 == 3) {
      raw.putNull("mail");
    } else {
      raw.put("mail", first + "." + last + "@contoso.com");
    }
    raw.put("mobilePhone", i % 3 == 0 ? "+1 206 555 " + (2000 + i) : null);
    raw.put("officeLocation", OFFICES[i % OFFICES.length]);
    raw.put("preferredLanguage", "en-US");
    raw.put("userPrincipalName", upn);
    raw.put("accountEnabled", i % 17 != 0);
    raw.put("department", DEPARTMENTS[i % DEPARTMENTS.length]);
    raw.put("employeeId", String.format(Locale.ROOT, "%06d", i * 37));
    raw.put("companyName", "Contoso");
    raw.put("userType", guest ? "Guest" : "Member");
    ObjectNode ext = raw.putObject("onPremisesExtensionAttributes");
    for (int k = 1; k <= 15; k++) {
      if (k == 1) {
        ext.put("extensionAttribute1", "cc-" + (4700 + i % 20));
      } else {
        ext.putNull("extensionAttribute" + k);
      }
    }
    return DirectoryUser.builder()
        .id(id)
        .username(upn)
        .email(raw.path("mail").asText(upn))
        .givenName(first)
        .familyName(last)
        .displayName(first + " " + last)
        .active(i % 17 != 0)
        .raw(raw)
        .build();
  }

  /**
   * Maps users in a loop on one thread and prints, per round, mappings per wall-clock second and
   * per second of the thread's CPU time (the per-core figure, independent of other load).
   */
  public static void main(String[] args) {
    MappingBenchmark b = new MappingBenchmark();
    b.setUp();
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    for (String name : new String[] {"tenRules", "tenRulesWithTenGroups"}) {
      boolean groups = name.endsWith("Groups");
      for (int round = -3; round < 5; round++) {
        long ops = 0;
        long sink = 0;
        long wall0 = System.nanoTime();
        long cpu0 = cpu.getCurrentThreadCpuTime();
        while (System.nanoTime() - wall0 < 2_000_000_000L) {
          for (int k = 0; k < 1000; k++) {
            sink += (groups ? b.tenRulesWithTenGroups() : b.tenRules()).hashCode();
          }
          ops += 1000;
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double used = (cpu.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT,
            "%s %s %d: %,.0f ops/s wall, %,.0f ops per CPU-second (%.0f%% of a core) [%d]%n",
            name, round < 0 ? "warm-up" : "round", Math.abs(round < 0 ? round + 4 : round + 1),
            ops / wall, ops / used, 100 * used / wall, sink & 1);
      }
    }
  }

  /** One user mapped by the 10-rule mapping (no groups). */
  @Benchmark
  public MappingOutcome tenRules() {
    int i = next;
    next = i + 1 == USERS ? 0 : i + 1;
    return mapping.map(plain.get(i));
  }

  /** The same, with ten groups per user through the group rules. */
  @Benchmark
  public MappingOutcome tenRulesWithTenGroups() {
    int i = next;
    next = i + 1 == USERS ? 0 : i + 1;
    return mapping.map(grouped.get(i));
  }
}
