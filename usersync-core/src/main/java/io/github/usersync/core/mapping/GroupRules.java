package io.github.usersync.core.mapping;

import io.github.usersync.core.MappingException;
import io.github.usersync.core.mapping.internal.Eval;
import io.github.usersync.core.mapping.internal.Replacement;
import io.github.usersync.core.mapping.internal.RuleParser;
import io.github.usersync.core.model.DirectoryGroup;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which IdP groups become host groups, and under which names; and which groups a user must be in
 * to be synchronised at all. Immutable and thread-safe; {@link #hostGroupName} is cached per group
 * id, since the engine asks for the same few hundred groups for every one of many users.
 *
 * <p>A group goes through these steps in order; the first that leaves it out ends it:
 *
 * <ol>
 *   <li>{@code roles}: OneLogin roles (groups whose {@code raw} has {@code "usersyncKind":"role"})
 *       are included (default), excluded, or the only ones included;
 *   <li>{@code include}: when given, the IdP name must fully match one of these regexes;
 *   <li>{@code drop}: a name that fully matches one of these regexes is left out;
 *   <li>{@code rename}: a name in this table becomes the table's value, which is final;
 *   <li>{@code replace}: each regex's matches are replaced, in order;
 *   <li>{@code prefix}: put in front; a name that ends up empty is left out.
 * </ol>
 *
 * <p>{@code required} is separate: a user in none of the listed groups (IdP names ignoring case, or
 * {@code regex:…}; see {@link GroupMatcher}; checked against all of the user's groups and roles,
 * before the steps above) is skipped with the reason "not in a required group".
 */
public final class GroupRules {
  /** How OneLogin roles (delivered as groups) are treated. */
  public enum Roles {
    /** Roles become groups like any other group (the default). */
    INCLUDE,
    /** Roles are left out. */
    EXCLUDE,
    /** Only roles become groups; plain groups are left out. */
    ONLY
  }

  private static final int CACHE_LIMIT = 200_000;
  private static final GroupRules DEFAULTS = builder().build();
  private static final GroupRules NONE = builder().sync(false).build();

  private final boolean sync;
  private final Roles roles;
  private final List<String> includeText;
  private final Pattern[] include;
  private final List<String> dropText;
  private final Pattern[] drop;
  private final Map<String, String> rename;
  private final List<Map.Entry<String, String>> replaceText;
  private final Replacement[] replace;
  private final String prefix;
  private final @Nullable GroupMatcher required;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  private static final class Cached {
    // Weak, so the cache never keeps a directory's group JSON alive after a sync.
    final WeakReference<DirectoryGroup> group;
    final String name;
    final boolean role;
    final Optional<String> result;

    Cached(DirectoryGroup group, String name, boolean role, Optional<String> result) {
      this.group = new WeakReference<>(group);
      this.name = name;
      this.role = role;
      this.result = result;
    }
  }

  private GroupRules(Builder b) {
    this.sync = b.sync;
    this.roles = b.roles;
    this.includeText = List.copyOf(b.include);
    this.include = patterns("mapping.groups.include", b.include);
    this.dropText = List.copyOf(b.drop);
    this.drop = patterns("mapping.groups.drop", b.drop);
    for (Map.Entry<String, String> e : b.rename.entrySet()) {
      if (e.getValue().isEmpty()) {
        throw new MappingException(
            "mapping.groups.rename." + e.getKey(),
            "renames to an empty name; to leave the group out, list it under drop");
      }
    }
    this.rename = Collections.unmodifiableMap(new LinkedHashMap<>(b.rename));
    this.replaceText = List.copyOf(b.replace);
    this.replace = new Replacement[b.replace.size()];
    for (int i = 0; i < replace.length; i++) {
      String rule = "mapping.groups.replace[" + i + "]";
      Map.Entry<String, String> e = b.replace.get(i);
      replace[i] =
          RuleParser.replacement(
              rule + ".replacement", RuleParser.regex(rule + ".regex", e.getKey()), e.getValue());
    }
    this.prefix = b.prefix;
    this.required = b.required.isEmpty() ? null : GroupMatcher.of(b.required);
  }

  private static Pattern[] patterns(String rule, List<String> regexes) {
    Pattern[] p = new Pattern[regexes.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = RuleParser.regex(rule + "[" + i + "]", regexes.get(i));
    }
    return p;
  }

  /** Every group synchronised under its IdP name, roles included, no required groups. */
  public static GroupRules defaults() {
    return DEFAULTS;
  }

  /** No group synchronised. */
  public static GroupRules none() {
    return NONE;
  }

  /** A new builder, starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these rules. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.sync = sync;
    b.roles = roles;
    b.include.addAll(includeText);
    b.drop.addAll(dropText);
    b.rename.putAll(rename);
    b.replace.addAll(replaceText);
    b.prefix = prefix;
    if (required != null) {
      b.required.addAll(required.entries());
    }
    return b;
  }

  /** Whether group memberships are synchronised at all. */
  public boolean syncGroups() {
    return sync;
  }

  /** How roles are treated. */
  public Roles roles() {
    return roles;
  }

  /** The required groups, if any. */
  public Optional<GroupMatcher> required() {
    return Optional.ofNullable(required);
  }

  /** Whether a user in these groups passes the required-groups test (true when there is none). */
  public boolean isRequiredSatisfied(Collection<DirectoryGroup> groups) {
    return required == null || required.matchesAny(groups);
  }

  /** The skip reason for a user who fails the required-groups test. */
  String requiredReason() {
    return "not in a required group (one of: " + required + ")";
  }

  /** The host group an IdP group becomes; empty when it is not synchronised. */
  public Optional<String> hostGroupName(DirectoryGroup group) {
    if (!sync) {
      return Optional.empty();
    }
    Cached c = cache.get(group.id());
    if (c != null && c.group.get() == group) {
      return c.result; // the engine hands the same group object for every member: no more checks
    }
    boolean role = Eval.isRole(group);
    String name = group.name();
    if (c != null && c.role == role && c.name.equals(name)) {
      return c.result;
    }
    Optional<String> result = Optional.ofNullable(decide(name, role, null));
    if (cache.size() < CACHE_LIMIT) {
      cache.put(group.id(), new Cached(group, name, role, result));
    }
    return result;
  }

  /** What happens to a group, in words, for explanations. */
  String explain(DirectoryGroup group) {
    List<String> why = new ArrayList<>();
    String host = decide(group.name(), Eval.isRole(group), why);
    String steps = why.isEmpty() ? "" : " (" + String.join("; ", why) + ")";
    return host == null ? "left out" + steps : "→ " + host + steps;
  }

  private @Nullable String decide(String name, boolean role, @Nullable List<String> why) {
    if (!sync) {
      note(why, "groups are not synchronised");
      return null;
    }
    if (role && roles == Roles.EXCLUDE) {
      note(why, "a role, and roles are excluded");
      return null;
    }
    if (!role && roles == Roles.ONLY) {
      note(why, "not a role, and only roles are included");
      return null;
    }
    if (include.length > 0 && !anyMatches(include, name)) {
      note(why, "matches no include regex");
      return null;
    }
    for (int i = 0; i < drop.length; i++) {
      if (drop[i].matcher(name).matches()) {
        note(why, "dropped by drop[" + i + "] '" + dropText.get(i) + "'");
        return null;
      }
    }
    String renamed = rename.get(name);
    if (renamed != null) {
      note(why, "renamed by the rename table");
      return renamed;
    }
    String out = name;
    for (int i = 0; i < replace.length; i++) {
      String next = replace[i].replaceAll(out);
      if (!next.equals(out)) {
        note(why, "replace[" + i + "] gave '" + next + "'");
      }
      out = next;
    }
    if (!prefix.isEmpty()) {
      out = prefix + out;
      note(why, "prefixed");
    }
    if (out.isEmpty()) {
      note(why, "the name became empty");
      return null;
    }
    return out;
  }

  private static boolean anyMatches(Pattern[] patterns, String name) {
    for (Pattern p : patterns) {
      if (p.matcher(name).matches()) {
        return true;
      }
    }
    return false;
  }

  private static void note(@Nullable List<String> why, String text) {
    if (why != null) {
      why.add(text);
    }
  }

  @Override
  public String toString() {
    if (!sync) {
      return "GroupRules{sync=false}";
    }
    return "GroupRules{roles=" + roles + ", include=" + includeText + ", drop=" + dropText
        + ", rename=" + rename + ", replace=" + replaceText + ", prefix='" + prefix + "', required="
        + (required == null ? "[]" : "[" + required + "]") + "}";
  }

  /** Builds {@link GroupRules}; regexes are compiled, and checked, by {@link #build()}. */
  public static final class Builder {
    private boolean sync = true;
    private Roles roles = Roles.INCLUDE;
    private final List<String> include = new ArrayList<>();
    private final List<String> drop = new ArrayList<>();
    private final Map<String, String> rename = new LinkedHashMap<>();
    private final List<Map.Entry<String, String>> replace = new ArrayList<>();
    private String prefix = "";
    private final List<String> required = new ArrayList<>();

    private Builder() {}

    /** Whether memberships are synchronised at all (default true). */
    public Builder sync(boolean sync) {
      this.sync = sync;
      return this;
    }

    /** How OneLogin roles are treated (default {@link Roles#INCLUDE}). */
    public Builder roles(Roles roles) {
      this.roles = Objects.requireNonNull(roles, "roles");
      return this;
    }

    /** Only groups whose IdP name fully matches one of these regexes (added to earlier ones). */
    public Builder include(String... regexes) {
      include.addAll(Arrays.asList(regexes));
      return this;
    }

    /** Leaves out groups whose IdP name fully matches one of these regexes. */
    public Builder drop(String... regexes) {
      drop.addAll(Arrays.asList(regexes));
      return this;
    }

    /** Renames one IdP group; the new name is final (no replace, no prefix). */
    public Builder rename(String idpName, String hostName) {
      rename.put(Objects.requireNonNull(idpName), Objects.requireNonNull(hostName));
      return this;
    }

    /** Renames by table. */
    public Builder rename(Map<String, String> table) {
      rename.putAll(table);
      return this;
    }

    /** Replaces every match of {@code regex} in the name ({@code $1} refers to a group). */
    public Builder replace(String regex, String replacement) {
      replace.add(Map.entry(regex, replacement));
      return this;
    }

    /** Put in front of every (not renamed) name. */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix);
      return this;
    }

    /** Users must be in one of these groups (names, or {@code regex:…}); added to earlier ones. */
    public Builder required(String... namesOrRegexes) {
      required.addAll(Arrays.asList(namesOrRegexes));
      return this;
    }

    /** Users must be in one of these groups. */
    public Builder required(Collection<String> namesOrRegexes) {
      required.addAll(namesOrRegexes);
      return this;
    }

    /**
     * Compiles the rules.
     *
     * @throws MappingException naming the entry, e.g. {@code mapping.groups.drop[1]}, and the
     *     position in its regex
     */
    public GroupRules build() {
      return new GroupRules(this);
    }
  }
}
