package io.github.usersync.cli.internal.demo;

import java.util.List;
import java.util.Locale;

/** The sample tenant of the demo, and the changes made to it between the two syncs. */
public final class Samples {
  private static final String[][] NAMES = {
    {"Zoë", "Łukasiewicz"}, {"José", "Núñez"}, {"Åsa", "Øberg"}, {"Chloé", "Dubois"}, {"娜", "李"},
    {"Ahmet", "Yılmaz"}, {"Siobhán", "O'Brien"}, {"Jürgen", "Groß"}, {"Priya", "Raghavan"},
    {"Olumide", "Adébáyọ̀"}, {"Ngọc", "Trần"}, {"Søren", "Kierkegård"}, {"Aleksandra", "Wróbel"},
    {"Dmitrij", "Šostakovič"}, {"María José", "de la Peña"}, {"Hiroshi", "渡辺"}
  };
  private static final String[] DEPARTMENTS = {"ENG", "ENG", "ENG", "SLS", "SLS", "LGL", "FIN", "SUP"};
  private static final String[] TITLES = {"Engineer", "Senior Engineer", "Manager", "Analyst", "Director"};

  private Samples() {}

  /**
   * A config file (YAML) that syncs the sample tenant into the JSON-file host {@code host.json}:
   * the {@code entra} connector with the sample's tenant and client, tokens from {@code loginBaseUrl}
   * and Graph at {@code graphBaseUrl}; {@code extra} lines (policy, schedule, …) are appended.
   */
  public static String config(String name, String loginBaseUrl, String graphBaseUrl, String... extra) {
    StringBuilder b = new StringBuilder(String.join("\n",
        "name: " + name,
        "source:",
        "  provider: entra",
        "  settings:",
        "    tenant: " + SampleGraph.TENANT,
        "    clientId: 5b1f6c2e-1d7a-4c4e-9a3b-6f0d2c8e7a41",
        "    clientSecret: demo-secret",
        "    loginBaseUrl: " + loginBaseUrl,
        "    baseUrl: " + graphBaseUrl,
        "target:",
        "  type: json-file",
        "  path: host.json",
        ""));
    for (String line : extra) {
      b.append(line).append('\n');
    }
    return b.toString();
  }

  /** The id of sample user {@code i} (1 to 300). */
  public static String userId(int i) {
    return String.format(Locale.ROOT, "6e7b2c1a-0000-4000-8000-%012d", i);
  }

  /** 300 users, a dozen groups nested three deep, served on loopback. */
  public static SampleGraph tenant() {
    SampleGraph g = new SampleGraph();
    g.addGroup("g-all", "All Staff");
    g.addGroup("g-eng", "Engineering");
    g.addGroup("g-plat", "Platform");
    g.addGroup("g-mob", "Mobile");
    g.addGroup("g-sls", "Sales");
    g.addGroup("g-emea", "Sales EMEA");
    g.addGroup("g-lgl", "Legal");
    g.addGroup("g-fin", "Finance");
    g.addGroup("g-sup", "Support");
    g.addGroup("g-jira", "jira-software-users");
    g.addGroup("g-conf", "confluence-users");
    g.addGroup("g-test", "Test Accounts");
    for (String[] nest : new String[][] {{"g-all", "g-eng"}, {"g-all", "g-sls"}, {"g-all", "g-lgl"},
        {"g-all", "g-fin"}, {"g-all", "g-sup"}, {"g-eng", "g-plat"}, {"g-eng", "g-mob"}, {"g-sls", "g-emea"},
        {"g-conf", "g-all"}, {"g-jira", "g-eng"}}) {
      g.addMember(nest[0], nest[1]);
    }
    for (int i = 1; i <= 300; i++) {
      String[] n = NAMES[i % NAMES.length];
      String upn = ascii(n[0]).toLowerCase(Locale.ROOT) + "." + i + "@contoso.com";
      String dept = DEPARTMENTS[i % DEPARTMENTS.length];
      g.addUser(userId(i), upn, n[0], n[1] + " " + i, dept, TITLES[i % TITLES.length]);
      String group;
      switch (dept) {
        case "ENG":
          group = i % 3 == 0 ? "g-plat" : i % 3 == 1 ? "g-mob" : "g-eng";
          break;
        case "SLS":
          group = i % 2 == 0 ? "g-emea" : "g-sls";
          break;
        case "LGL":
          group = "g-lgl";
          break;
        case "FIN":
          group = "g-fin";
          break;
        default:
          group = "g-sup";
      }
      g.addMember(group, userId(i));
      if (i % 50 == 0) {
        g.addMember("g-test", userId(i));
      }
    }
    return g;
  }

  /** Changes a few users in the sample; returns what was changed, for the demo's output. */
  public static List<String> change(SampleGraph g) {
    g.changeUser(userId(7), u -> u.upn = "juergen.gross@contoso.com");
    g.changeUser(userId(12), u -> u.enabled = false);
    g.changeUser(userId(22), u -> u.department = "LGL");
    g.removeMember("g-mob", userId(10));
    g.addMember("g-plat", userId(10));
    g.deleteUser(userId(33));
    g.addUser(userId(301), "ngozi.301@contoso.com", "Ngozi", "Okonjo-Iweala", "FIN", "Director");
    g.addMember("g-fin", userId(301));
    return List.of(
        "renamed jurgen.7@contoso.com to juergen.gross@contoso.com (same IdP id)",
        "disabled user 12 (accountEnabled = false)",
        "moved user 22 from Finance to Legal (department code LGL)",
        "moved user 10 from the Mobile group to Platform",
        "deleted user 33",
        "added Ngozi Okonjo-Iweala (user 301) to Finance");
  }

  private static String ascii(String s) {
    String d = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    String a = d.replaceAll("[^A-Za-z]", "");
    return a.isEmpty() ? "user" : a;
  }
}
