package io.github.usersync.core.mapping;

import io.github.usersync.core.MappingException;
import io.github.usersync.core.mapping.internal.Transforms;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a mapping treats one user, rule by rule: the inputs each rule read, each transform's output,
 * the final value and what the when-empty policy made of nothing; what happens to each group; and
 * the outcome. From {@link UserMapping#explain(MappingInput)}, so an admin can try a mapping on a
 * sample user before any sync. {@link #toText()} is the readable form; after the rules it says
 * what each transform they applied does.
 */
public final class Explanation {
  /** One value a rule read or a transform produced. */
  public static final class Step {
    private final String label;
    private final String value;
    private final Transforms.@Nullable Entry transform;

    Step(String label, String value, Transforms.@Nullable Entry transform) {
      this.label = label;
      this.value = value;
      this.transform = transform;
    }

    /** The source or transform as written in the rule. */
    public String label() {
      return label;
    }

    /** The value, rendered: {@code "text"}, {@code ["a", "b"]} or {@code (nothing)}. */
    public String value() {
      return value;
    }

    /** For a transform's output, what the transform does, in one line; empty for a source read. */
    public Optional<String> description() {
      Transforms.Entry t = transform;
      return t == null ? Optional.empty() : Optional.of(t.description());
    }

    @Override
    public String toString() {
      return label + " = " + value;
    }
  }

  /** One rule's evaluation. */
  public static final class RuleTrace {
    private final String rule;
    private final String text;
    private final List<Step> inputs;
    private final List<Step> transforms;
    private final String result;
    private final @Nullable String error;

    RuleTrace(
        String rule,
        String text,
        List<Step> inputs,
        List<Step> transforms,
        String result,
        @Nullable String error) {
      this.rule = rule;
      this.text = text;
      this.inputs = List.copyOf(inputs);
      this.transforms = List.copyOf(transforms);
      this.result = result;
      this.error = error;
    }

    /** The rule's name, e.g. {@code mapping.attributes.department}. */
    public String rule() {
      return rule;
    }

    /** The rule's text. */
    public String text() {
      return text;
    }

    /** The sources the rule read (paths, constants, $special sources), with their values. */
    public List<Step> inputs() {
      return inputs;
    }

    /** Each transform applied, in order, with its output. */
    public List<Step> transforms() {
      return transforms;
    }

    /**
     * What the rule asks of the host: {@code set "x"}, {@code keep}, {@code clear}, {@code skip the
     * user}, {@code fail}, or {@code error} when the rule failed for this user.
     */
    public String result() {
      return result;
    }

    /** The error, when the rule failed for this user. */
    public Optional<String> error() {
      return Optional.ofNullable(error);
    }
  }

  /** What happens to one of the user's IdP groups. */
  public static final class GroupTrace {
    private final String idpName;
    private final @Nullable String hostName;
    private final String description;

    GroupTrace(String idpName, @Nullable String hostName, String description) {
      this.idpName = idpName;
      this.hostName = hostName;
      this.description = description;
    }

    /** The group's name in the IdP. */
    public String idpName() {
      return idpName;
    }

    /** The host group it becomes; empty when it is left out. */
    public Optional<String> hostName() {
      return Optional.ofNullable(hostName);
    }

    /** The steps that applied, in words. */
    public String description() {
      return description;
    }
  }

  private final String user;
  private final @Nullable String requiredGroups;
  private final List<RuleTrace> rules;
  private final List<GroupTrace> groups;
  private final @Nullable MappingOutcome outcome;
  private final @Nullable MappingException error;

  Explanation(
      String user,
      @Nullable String requiredGroups,
      List<RuleTrace> rules,
      List<GroupTrace> groups,
      @Nullable MappingOutcome outcome,
      @Nullable MappingException error) {
    this.user = user;
    this.requiredGroups = requiredGroups;
    this.rules = List.copyOf(rules);
    this.groups = List.copyOf(groups);
    this.outcome = outcome;
    this.error = error;
  }

  /** The user, as {@code id (username)}. */
  public String user() {
    return user;
  }

  /** The required-groups test and its result, when the mapping has one. */
  public Optional<String> requiredGroups() {
    return Optional.ofNullable(requiredGroups);
  }

  /** Every rule, in mapping order: username, email, display name, active, then attributes. */
  public List<RuleTrace> rules() {
    return rules;
  }

  /** Each of the user's IdP groups. */
  public List<GroupTrace> groups() {
    return groups;
  }

  /** The outcome {@link UserMapping#map} gives; empty when it fails with {@link #error()}. */
  public Optional<MappingOutcome> outcome() {
    return Optional.ofNullable(outcome);
  }

  /** The mapping error for this user, if any. */
  public Optional<MappingException> error() {
    return Optional.ofNullable(error);
  }

  /** A readable, multi-line account of all of the above. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append("user ").append(user).append('\n');
    if (requiredGroups != null) {
      b.append("required groups: ").append(requiredGroups).append('\n');
    }
    for (RuleTrace r : rules) {
      b.append('\n').append(r.rule).append(": ").append(r.result).append('\n');
      b.append("  rule  ").append(r.text).append('\n');
      for (Step s : r.inputs) {
        b.append("  read  ").append(s.label).append(" = ").append(s.value).append('\n');
      }
      for (Step s : r.transforms) {
        b.append("  then  ").append(s.label).append(" → ").append(s.value).append('\n');
      }
      if (r.error != null) {
        b.append("  error ").append(r.error).append('\n');
      }
    }
    glossary(b);
    if (!groups.isEmpty()) {
      b.append("\ngroups\n");
      for (GroupTrace g : groups) {
        b.append("  ").append(g.idpName).append(' ').append(g.description).append('\n');
      }
    }
    b.append("\noutcome: ");
    if (error != null) {
      b.append("error: ").append(error.getMessage());
    } else if (outcome != null && outcome.skipReason().isPresent()) {
      b.append("skipped: ").append(outcome.skipReason().get());
    } else if (outcome != null && outcome.user().isPresent()) {
      b.append("mapped\n").append(describe(outcome.user().get()));
    }
    return b.append('\n').toString();
  }

  /** What each transform the rules applied does, once each, in the order first applied. */
  private void glossary(StringBuilder b) {
    Map<String, Transforms.Entry> used = new LinkedHashMap<>();
    for (RuleTrace r : rules) {
      for (Step s : r.transforms) {
        Transforms.Entry t = s.transform;
        if (t != null) {
          used.putIfAbsent(t.name(), t);
        }
      }
    }
    if (used.isEmpty()) {
      return;
    }
    int width = 0;
    for (Transforms.Entry t : used.values()) {
      width = Math.max(width, t.usage().length());
    }
    b.append("\ntransforms\n");
    for (Transforms.Entry t : used.values()) {
      b.append("  ").append(t.usage());
      b.append(" ".repeat(width - t.usage().length() + 2)).append(t.description()).append('\n');
    }
  }

  private static String describe(MappedUser u) {
    StringBuilder b = new StringBuilder();
    b.append("  externalId  ").append(u.externalId()).append('\n');
    b.append("  username    ").append(u.username()).append('\n');
    b.append("  email       ").append(u.email()).append('\n');
    b.append("  displayName ").append(u.displayName()).append('\n');
    b.append("  active      ").append(u.active()).append('\n');
    u.attributes()
        .forEach((k, v) -> b.append("  attribute   ").append(k).append(" = ").append(v).append('\n'));
    if (!u.groups().isEmpty()) {
      b.append("  groups      ").append(String.join(", ", u.groups())).append('\n');
    }
    u.managerId().ifPresent(m -> b.append("  managerId   ").append(m).append('\n'));
    u.photoFingerprint().ifPresent(p -> b.append("  photo       ").append(p).append('\n'));
    return b.substring(0, b.length() - 1);
  }

  @Override
  public String toString() {
    return toText();
  }
}
