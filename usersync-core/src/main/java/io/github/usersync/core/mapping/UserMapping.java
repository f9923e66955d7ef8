package io.github.usersync.core.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.MappingException;
import io.github.usersync.core.mapping.internal.Booleans;
import io.github.usersync.core.mapping.internal.CompiledRule;
import io.github.usersync.core.mapping.internal.Eval;
import io.github.usersync.core.mapping.internal.RuleParser;
import io.github.usersync.core.mapping.internal.Trace;
import io.github.usersync.core.mapping.internal.Usage;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.TargetCapabilities;
import io.github.usersync.core.settings.Suggestions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The configured attribute mapping: rules for the username, email, display name, active flag and
 * host attributes, group rules, and whether managers and photos are synchronised. Compiled once
 * when built (every path, regex, template and lookup is parsed and checked then, never per user);
 * immutable and thread-safe.
 *
 * <p>Three ways to get one, all on the same engine:
 *
 * <ul>
 *   <li>{@link #defaults()} / {@link #defaultsFor(String)}: zero configuration;
 *   <li>{@link #parse(JsonNode)}: the {@code mapping} section of a JSON or YAML config file, in the
 *       text syntax ({@code "mail ?? userPrincipalName | lower"});
 *   <li>{@link #builder()}: typed Java, with {@link Rule}.
 * </ul>
 *
 * <p>Errors in the configuration are {@link MappingException}s naming the rule and the position,
 * e.g. {@code mapping.attributes.department: unknown transform 'lowr' at 12 (did you mean
 * 'lower'?)}. The syntax and examples per IdP are in {@code docs/mapping.md}.
 */
public final class UserMapping implements UserMapper {
  static final String DEFAULT_DISPLAY_NAME = "$displayName ?? template('{$givenName} {$familyName}')";

  private static final WhenEmpty FAIL = WhenEmpty.fail();
  private static final WhenEmpty KEEP = WhenEmpty.keep();
  private static final WhenEmpty CLEAR = WhenEmpty.clear();

  private final Builder source;
  private final GroupRules groups;
  private final boolean manager;
  private final boolean photo;
  private final CompiledRule username;
  private final CompiledRule email;
  private final CompiledRule displayName;
  private final CompiledRule active;
  private final String[] attributeNames;
  private final CompiledRule[] attributes;
  private final Set<String> sourcePaths;
  private final boolean readsGroups;
  private final boolean readsManager;
  private final @Nullable Set<String> managerAttributes;
  private final boolean readsPhoto;

  private UserMapping(Builder b) {
    this.source = b.copy();
    this.groups = b.groups;
    this.manager = b.manager;
    this.photo = b.photo;
    Map<String, Map<String, String>> lookups =
        Collections.unmodifiableMap(new LinkedHashMap<>(b.lookups));
    Usage usage = new Usage();
    this.username = compile("mapping.username", b.username, lookups, usage);
    this.email = compile("mapping.email", b.email, lookups, usage);
    this.displayName = compile("mapping.displayName", b.displayName, lookups, usage);
    this.active = compile("mapping.active", b.active, lookups, usage);
    boolean standardFieldsReadManager = usage.readsManager();
    this.attributeNames = b.attributes.keySet().toArray(new String[0]);
    this.attributes = new CompiledRule[attributeNames.length];
    Set<String> fromManager = new TreeSet<>();
    for (int i = 0; i < attributeNames.length; i++) {
      Usage one = new Usage();
      attributes[i] =
          compile(
              "mapping.attributes." + attributeNames[i],
              Objects.requireNonNull(b.attributes.get(attributeNames[i])),
              lookups,
              one);
      if (one.readsManager()) {
        fromManager.add(attributeNames[i]);
      }
      usage.addAll(one);
    }
    this.managerAttributes = standardFieldsReadManager ? null : Set.copyOf(fromManager);
    requireValue(username, "the username (a user must have one)");
    requireValue(active, "active (a user is active or not)");
    active.whenEmpty()
        .flatMap(WhenEmpty::defaultValue)
        .ifPresent(v -> Booleans.parse(v, active.name()));
    this.sourcePaths = usage.sourcePaths();
    this.readsGroups = usage.readsGroups();
    this.readsManager = usage.readsManager();
    this.readsPhoto = usage.readsPhoto();
    if (b.target != null) {
      validateFor(b.target);
    }
  }

  private static CompiledRule compile(
      String name, Rule rule, Map<String, Map<String, String>> lookups, Usage usage) {
    return RuleParser.compile(name, rule.text(), lookups, usage);
  }

  private static void requireValue(CompiledRule rule, String what) {
    Optional<WhenEmpty> w = rule.whenEmpty();
    if (w.isPresent()
        && (w.get().kind() == WhenEmpty.Kind.KEEP || w.get().kind() == WhenEmpty.Kind.CLEAR)) {
      int at = rule.whenEmptyPosition();
      throw new MappingException(
          rule.name(),
          at,
          "whenEmpty(" + w.get().text() + ") is not possible for " + what + " at " + at
              + "; use whenEmpty(skip), whenEmpty(fail) or whenEmpty(default('…'))",
          null);
    }
  }

  /**
   * The zero-configuration mapping, for every IdP: username ← {@code $username}, email ← {@code
   * $email}, display name ← {@code $displayName ?? template('{$givenName} {$familyName}')}, active ←
   * {@code $active}; groups under their IdP names; no attributes, managers or photos.
   */
  public static UserMapping defaults() {
    return Defaults.DEFAULT;
  }

  /**
   * The defaults for one IdP ({@code entra}, {@code google}, {@code keycloak}, {@code okta}, {@code
   * onelogin}): {@link #defaults()} plus what that IdP needs, e.g. Entra's email falls back to the
   * user principal name (a guest's turned back into their address). Any other id gets {@link
   * #defaults()}.
   */
  public static UserMapping defaultsFor(String providerId) {
    switch (providerId.toLowerCase(Locale.ROOT)) {
      case "entra":
        return Defaults.ENTRA;
      case "google":
        return Defaults.GOOGLE;
      default:
        return Defaults.DEFAULT;
    }
  }

  // Compiled on first use, not when the class loads: a builder needs GroupRules and Rule first.
  private static final class Defaults {
    static final UserMapping DEFAULT = new Builder().build();
    static final UserMapping ENTRA =
        new Builder()
            .email(Rule.parse("firstOf($email, userPrincipalName | guestUpnToEmail)"))
            .build();
    static final UserMapping GOOGLE =
        new Builder()
            .displayName(
                Rule.parse(
                    "$displayName ?? name.fullName ?? template('{$givenName} {$familyName}')"))
            .build();
  }

  /**
   * A mapping from the {@code mapping} section of a config file (JSON or YAML read with Jackson);
   * what the section leaves out comes from {@link #defaults()}.
   *
   * @throws MappingException naming the rule ({@code mapping.attributes.department}) and position
   */
  public static UserMapping parse(JsonNode config) {
    Builder b = new Builder();
    MappingConfig.read(config, b);
    return b.build();
  }

  /** Like {@link #parse(JsonNode)}, with what the section leaves out from {@link #defaultsFor}. */
  public static UserMapping parse(JsonNode config, String providerId) {
    Builder b = defaultsFor(providerId).toBuilder();
    MappingConfig.read(config, b);
    return b.build();
  }

  /** A new builder, starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this mapping's rules, to change some of them. */
  public Builder toBuilder() {
    return source.copy();
  }

  @Override
  public MappingOutcome map(MappingInput input) {
    DirectoryUser user = input.user();
    if (!groups.isRequiredSatisfied(input.groups())) {
      return MappingOutcome.skipped(groups.requiredReason());
    }
    Eval e = new Eval(input);

    String name = username.evaluate(e);
    if (name == null) {
      WhenEmpty w = username.policy(FAIL);
      if (w.kind() == WhenEmpty.Kind.SKIP) {
        return MappingOutcome.skipped(skipReason(username, w));
      }
      name = w.defaultValue().orElseThrow(() -> yieldedNothing(username, user));
    }
    MappedUser.Builder b = MappedUser.builder().externalId(user.id()).username(name);

    AttributeValue v = resolve(email, KEEP, e, user);
    if (v == null) {
      return MappingOutcome.skipped(skipReason(email, email.policy(KEEP)));
    }
    b.email(v);
    v = resolve(displayName, KEEP, e, user);
    if (v == null) {
      return MappingOutcome.skipped(skipReason(displayName, displayName.policy(KEEP)));
    }
    b.displayName(v);

    String a = active.evaluate(e);
    if (a == null) {
      WhenEmpty w = active.policy(FAIL);
      if (w.kind() == WhenEmpty.Kind.SKIP) {
        return MappingOutcome.skipped(skipReason(active, w));
      }
      a = w.defaultValue().orElseThrow(() -> yieldedNothing(active, user));
    }
    b.active(Booleans.parse(a, active.name()));

    for (int i = 0; i < attributes.length; i++) {
      CompiledRule r = attributes[i];
      v = resolve(r, CLEAR, e, user);
      if (v == null) {
        return MappingOutcome.skipped(skipReason(r, r.policy(CLEAR)));
      }
      b.putAttributes(attributeNames[i], v);
    }

    if (groups.syncGroups()) {
      for (DirectoryGroup g : input.groups()) {
        Optional<String> host = groups.hostGroupName(g);
        if (host.isPresent()) {
          b.addGroups(host.get());
        }
      }
    }
    if (manager) {
      Optional<String> managerId = user.managerId();
      b.managerId(managerId.isPresent() ? managerId : input.manager().map(DirectoryUser::id));
    }
    if (photo) {
      b.photoFingerprint(input.photoFingerprint());
    }
    return MappingOutcome.mapped(b.build());
  }

  /** The rule's value, or its when-empty policy's; null means skip the user. */
  private static @Nullable AttributeValue resolve(
      CompiledRule rule, WhenEmpty fallback, Eval e, DirectoryUser user) {
    String value = rule.evaluate(e);
    if (value != null) {
      return AttributeValue.set(value);
    }
    WhenEmpty w = rule.policy(fallback);
    switch (w.kind()) {
      case KEEP:
        return AttributeValue.keep();
      case CLEAR:
        return AttributeValue.clear();
      case DEFAULT:
        return AttributeValue.set(w.defaultValue().orElseThrow());
      case SKIP:
        return null;
      default:
        throw yieldedNothing(rule, user);
    }
  }

  private static String skipReason(CompiledRule rule, WhenEmpty w) {
    return w.reason().orElse(rule.name() + " yielded nothing (whenEmpty(skip))");
  }

  private static MappingException yieldedNothing(CompiledRule rule, DirectoryUser user) {
    return new MappingException(
        rule.name(),
        "yielded nothing for user " + user.id() + " (rule: " + rule.text()
            + "); add a fallback such as firstOf(…, $username), or end the rule with"
            + " | whenEmpty(skip) or | whenEmpty(default('…'))");
  }

  /**
   * How this mapping treats one user, rule by rule, without changing anything: for trying a
   * mapping on a sample user.
   */
  public Explanation explain(MappingInput input) {
    DirectoryUser user = input.user();
    Eval e = new Eval(input);
    List<Explanation.RuleTrace> traces = new ArrayList<>();
    trace(traces, e, username, FAIL, false);
    trace(traces, e, email, KEEP, false);
    trace(traces, e, displayName, KEEP, false);
    trace(traces, e, active, FAIL, true);
    for (CompiledRule r : attributes) {
      trace(traces, e, r, CLEAR, false);
    }
    List<Explanation.GroupTrace> groupTraces = new ArrayList<>();
    for (DirectoryGroup g : input.groups()) {
      groupTraces.add(
          new Explanation.GroupTrace(
              g.name(), groups.hostGroupName(g).orElse(null), groups.explain(g)));
    }
    String required =
        groups
            .required()
            .map(
                m ->
                    (m.matchesAny(input.groups()) ? "passed" : "failed")
                        + " (one of: " + m + ")")
            .orElse(null);
    MappingOutcome outcome = null;
    MappingException error = null;
    try {
      outcome = map(input);
    } catch (MappingException x) {
      error = x;
    }
    return new Explanation(
        user.id() + " (" + user.username() + ")", required, traces, groupTraces, outcome, error);
  }

  private static void trace(
      List<Explanation.RuleTrace> out, Eval e, CompiledRule rule, WhenEmpty fallback, boolean bool) {
    Trace t = new Trace();
    e.trace(t);
    String result;
    String error = null;
    try {
      String v = rule.evaluate(e);
      if (v != null) {
        result = bool ? String.valueOf(Booleans.parse(v, rule.name())) : "set " + quote(v);
      } else {
        WhenEmpty w = rule.policy(fallback);
        String why =
            " (yielded nothing; "
                + (rule.whenEmpty().isPresent() ? "whenEmpty(" + w.text() + ")" : "by default")
                + ")";
        switch (w.kind()) {
          case KEEP:
            result = "keep the host's value" + why;
            break;
          case CLEAR:
            result = "clear" + why;
            break;
          case DEFAULT:
            result = "set " + quote(w.defaultValue().orElseThrow()) + why;
            break;
          case SKIP:
            result = "skip the user" + why;
            break;
          default:
            result = "fail" + why;
            break;
        }
      }
    } catch (MappingException x) {
      result = "error";
      error = x.getMessage();
    } finally {
      e.trace(null);
    }
    List<Explanation.Step> inputs = new ArrayList<>();
    List<Explanation.Step> steps = new ArrayList<>();
    for (Trace.Event ev : t.events()) {
      (ev.input ? inputs : steps).add(new Explanation.Step(ev.label, ev.value, ev.transform));
    }
    out.add(new Explanation.RuleTrace(rule.name(), rule.text(), inputs, steps, result, error));
  }

  private static String quote(String v) {
    return io.github.usersync.core.mapping.internal.Values.render(v);
  }

  @Override
  public Optional<String> hostGroupName(DirectoryGroup group) {
    return groups.hostGroupName(group);
  }

  @Override
  public Set<String> sourcePaths() {
    return sourcePaths;
  }

  @Override
  public boolean usesGroups() {
    return groups.syncGroups() || groups.required().isPresent() || readsGroups;
  }

  /** True when managers are synchronised ({@code manager: true}) or a rule reads {@code $manager}. */
  @Override
  public boolean usesManager() {
    return manager || readsManager;
  }

  /** The attributes whose rules read {@code $manager}, unless a standard field's rule does. */
  @Override
  public Optional<Set<String>> managerAttributes() {
    return Optional.ofNullable(managerAttributes);
  }

  @Override
  public boolean usesPhoto() {
    return photo || readsPhoto;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Also fails when the mapping synchronises managers or photos and the target keeps none.
   */
  @Override
  public void validateFor(TargetCapabilities target) {
    List<String> refused = new ArrayList<>();
    for (String name : attributeNames) {
      if (!target.acceptsAttribute(name)) {
        refused.add(name);
      }
    }
    if (!refused.isEmpty()) {
      Set<String> names = new TreeSet<>(target.allowedAttributes().orElse(Set.of()));
      String first = refused.get(0);
      String what = refused.size() == 1
          ? "the attribute '" + first + "'" + Suggestions.didYouMean(first, names)
          : "the attributes '" + String.join("', '", refused) + "'";
      throw new MappingException(
          refused.size() == 1 ? "mapping.attributes." + first : "mapping.attributes",
          "the target does not accept " + what
              + (names.isEmpty() ? "; it accepts no attributes" : "; it accepts: " + String.join(", ", names))
              + target.unsupportedAttributesFix().map(f -> ". " + f).orElse(""));
    }
    if (manager && !target.keepsManagers()) {
      throw new MappingException(
          "mapping.manager", "the target keeps no managers; set mapping.manager to false");
    }
    if (photo && !target.keepsPhotos()) {
      throw new MappingException(
          "mapping.photo", "the target keeps no photos; set mapping.photo to false");
    }
  }

  /** The group rules, e.g. to reuse their required-groups test. */
  public GroupRules groupRules() {
    return groups;
  }

  /** The host attributes this mapping writes, in order. */
  @Override
  public Set<String> attributeNames() {
    return new LinkedHashSet<>(List.of(attributeNames));
  }

  /** Whether managers are synchronised ({@link MappedUser#managerId()} is filled). */
  public boolean syncsManager() {
    return manager;
  }

  /** Whether photos are synchronised ({@link MappedUser#photoFingerprint()} is filled). */
  public boolean syncsPhoto() {
    return photo;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("UserMapping{");
    b.append("username=").append(username.text());
    b.append(", email=").append(email.text());
    b.append(", displayName=").append(displayName.text());
    b.append(", active=").append(active.text());
    for (int i = 0; i < attributes.length; i++) {
      b.append(", attributes.").append(attributeNames[i]).append('=').append(attributes[i].text());
    }
    b.append(", groups=").append(groups);
    b.append(", manager=").append(manager).append(", photo=").append(photo);
    return b.append('}').toString();
  }

  /**
   * Builds a {@link UserMapping}, starting from {@link #defaults()}: set only what differs. Rules
   * are compiled and checked by {@link #build()}.
   */
  public static final class Builder {
    private Rule username = Rule.parse("$username");
    private Rule email = Rule.parse("$email");
    private Rule displayName = Rule.parse(DEFAULT_DISPLAY_NAME);
    private Rule active = Rule.parse("$active");
    private final Map<String, Rule> attributes = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> lookups = new LinkedHashMap<>();
    private GroupRules groups = GroupRules.defaults();
    private boolean manager;
    private boolean photo;
    private @Nullable TargetCapabilities target;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.username = username;
      b.email = email;
      b.displayName = displayName;
      b.active = active;
      b.attributes.putAll(attributes);
      b.lookups.putAll(lookups);
      b.groups = groups;
      b.manager = manager;
      b.photo = photo;
      b.target = target;
      return b;
    }

    /** The host username; without a value the user fails unless the rule says otherwise. */
    public Builder username(Rule rule) {
      this.username = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /** The host username, in the text syntax. */
    public Builder username(String rule) {
      return username(Rule.parse(rule));
    }

    /** The email; without a value the host's is kept unless the rule says otherwise. */
    public Builder email(Rule rule) {
      this.email = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /** The email, in the text syntax. */
    public Builder email(String rule) {
      return email(Rule.parse(rule));
    }

    /** The display name; without a value the host's is kept unless the rule says otherwise. */
    public Builder displayName(Rule rule) {
      this.displayName = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /** The display name, in the text syntax. */
    public Builder displayName(String rule) {
      return displayName(Rule.parse(rule));
    }

    /** Whether the account is active: the rule yields true/false, yes/no or 1/0. */
    public Builder active(Rule rule) {
      this.active = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /** Whether the account is active, in the text syntax. */
    public Builder active(String rule) {
      return active(Rule.parse(rule));
    }

    /**
     * A host attribute (a Jira user property, a Confluence profile field); without a value it is
     * cleared unless the rule says otherwise. Replaces an earlier rule for the same name.
     */
    public Builder attribute(String name, Rule rule) {
      if (name.isBlank()) {
        throw new MappingException("mapping.attributes", "an attribute name must not be empty");
      }
      attributes.put(name, Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** A host attribute, in the text syntax. */
    public Builder attribute(String name, String rule) {
      return attribute(name, Rule.parse(rule));
    }

    /** Stops mapping an attribute. */
    public Builder removeAttribute(String name) {
      attributes.remove(name);
      return this;
    }

    /** A lookup table, for {@code lookup(name)}; keys are matched exactly. */
    public Builder lookup(String name, Map<String, String> table) {
      lookups.put(Objects.requireNonNull(name, "name"), Map.copyOf(table));
      return this;
    }

    /** Which groups are synchronised and how they are named; default: all, as named. */
    public Builder groups(GroupRules groups) {
      this.groups = Objects.requireNonNull(groups, "groups");
      return this;
    }

    /** Whether managers are synchronised (default false). */
    public Builder manager(boolean manager) {
      this.manager = manager;
      return this;
    }

    /** Whether photos are synchronised (default false). */
    public Builder photo(boolean photo) {
      this.photo = photo;
      return this;
    }

    /** Check the mapping against this target when it is built ({@link #validateFor}). */
    public Builder target(TargetCapabilities target) {
      this.target = Objects.requireNonNull(target, "target");
      return this;
    }

    /**
     * Compiles the mapping.
     *
     * @throws MappingException naming the rule and the position of the first error
     */
    public UserMapping build() {
      return new UserMapping(this);
    }
  }
}
