package io.github.usersync.core.mapping;

import java.util.Objects;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * One mapping rule, built in Java: a source, then transforms, then optionally what to do when it
 * yields nothing. Immutable; every method returns a new rule. A rule is its text in the mapping
 * syntax ({@link #text()}), so a rule built here and the same text in a config file are one and the
 * same thing, compiled by the same engine when the {@link UserMapping} is built:
 *
 * <pre>{@code
 * Rule.path("userPrincipalName").guestUpnToEmail().lower()   // userPrincipalName | guestUpnToEmail | lower
 * Rule.firstOf(Rule.path("mail"), Rule.path("userPrincipalName"))
 * Rule.template("{givenName} {surname}")
 * Rule.path("department").lookup("departments").whenEmpty(WhenEmpty.keep())
 * }</pre>
 *
 * <p>Syntax errors (a bad path or regex, an unknown lookup table) are reported by {@link
 * UserMapping.Builder#build()} as a {@link io.github.usersync.core.MappingException} naming the
 * rule and the position in {@link #text()}. The syntax is described in {@code docs/mapping.md}.
 */
public final class Rule {
  private final String pipeline;
  private final @Nullable WhenEmpty whenEmpty;

  private Rule(String pipeline, @Nullable WhenEmpty whenEmpty) {
    this.pipeline = pipeline;
    this.whenEmpty = whenEmpty;
  }

  /** A rule written in the text syntax, e.g. {@code "mail ?? userPrincipalName | lower"}. */
  public static Rule parse(String text) {
    return new Rule(Objects.requireNonNull(text, "text"), null);
  }

  /**
   * A path into the IdP's user JSON, as the IdP's docs name the field: {@code profile.login}, {@code
   * emails[0].value}, {@code customSchemas.HR.costCenter}, {@code attributes["x.y"][0]}.
   */
  public static Rule path(String path) {
    return new Rule(Objects.requireNonNull(path, "path"), null);
  }

  /** A fixed text. */
  public static Rule constant(String value) {
    return new Rule(quote(value), null);
  }

  /**
   * A template: text with placeholders in braces, each a path or a rule, e.g. {@code
   * "{givenName} {surname}"} or {@code "{$manager.displayName | upper}"}. A doubled brace stands
   * for a brace.
   */
  public static Rule template(String template) {
    return new Rule("template(" + quote(template) + ")", null);
  }

  /** The first of these rules that yields something. */
  public static Rule firstOf(Rule... rules) {
    if (rules.length == 0) {
      throw new IllegalArgumentException("firstOf needs at least one rule");
    }
    StringJoiner j = new StringJoiner(", ", "firstOf(", ")");
    for (Rule r : rules) {
      j.add(r.text());
    }
    return new Rule(j.toString(), null);
  }

  /** The IdP's stable id: {@code $id}. */
  public static Rule id() {
    return parse("$id");
  }

  /** The normalised username: {@code $username}. */
  public static Rule username() {
    return parse("$username");
  }

  /** The normalised email: {@code $email}. */
  public static Rule email() {
    return parse("$email");
  }

  /** The normalised display name: {@code $displayName}. */
  public static Rule displayName() {
    return parse("$displayName");
  }

  /** The normalised given name: {@code $givenName}. */
  public static Rule givenName() {
    return parse("$givenName");
  }

  /** The normalised family name: {@code $familyName}. */
  public static Rule familyName() {
    return parse("$familyName");
  }

  /** Whether the IdP lets the user sign in, as {@code true}/{@code false}: {@code $active}. */
  public static Rule active() {
    return parse("$active");
  }

  /** The names of the user's IdP groups (multi-valued): {@code $groups}. */
  public static Rule groups() {
    return parse("$groups");
  }

  /** The names of the user's OneLogin roles (multi-valued): {@code $roles}. */
  public static Rule roles() {
    return parse("$roles");
  }

  /** The manager's username: {@code $manager.username}. */
  public static Rule managerUsername() {
    return parse("$manager.username");
  }

  /** The manager's email: {@code $manager.email}. */
  public static Rule managerEmail() {
    return parse("$manager.email");
  }

  /** The photo's fingerprint: {@code $photo}. */
  public static Rule photo() {
    return parse("$photo");
  }

  /** Lower case (locale-independent). */
  public Rule lower() {
    return then("lower");
  }

  /** Upper case (locale-independent). */
  public Rule upper() {
    return then("upper");
  }

  /** Without leading and trailing white space. */
  public Rule trim() {
    return then("trim");
  }

  /** The part before the last {@code @}: {@code jane@example.com} → {@code jane}. */
  public Rule stripDomain() {
    return then("stripDomain");
  }

  /** Every match of {@code regex} replaced ({@code $1}, {@code ${name}} refer to groups). */
  public Rule replace(String regex, String replacement) {
    return then("replace(" + quote(regex) + ", " + quote(replacement) + ")");
  }

  /** An Entra guest UPN ({@code jane_example.com#EXT#@tenant.onmicrosoft.com}) as its email. */
  public Rule guestUpnToEmail() {
    return then("guestUpnToEmail");
  }

  /** Accents folded to ASCII: {@code José Müller} → {@code Jose Muller}. */
  public Rule ascii() {
    return then("ascii");
  }

  /** The value looked up in a table declared with {@link UserMapping.Builder#lookup}. */
  public Rule lookup(String table) {
    return then("lookup(" + quote(table) + ")");
  }

  /** {@code value} when the rule so far yields nothing: {@code default('x')}. */
  public Rule orDefault(String value) {
    return then("default(" + quote(value) + ")");
  }

  /** The first of several values. */
  public Rule first() {
    return then("first");
  }

  /** Several values joined with {@code separator}. */
  public Rule join(String separator) {
    return then("join(" + quote(separator) + ")");
  }

  /** Every value, as a JSON array text ({@code ["a","b"]}), for hosts that keep JSON. */
  public Rule all() {
    return then("all");
  }

  /** One value split at a literal separator into several. */
  public Rule split(String separator) {
    return then("split(" + quote(separator) + ")");
  }

  /** {@code true} when the value is one of these, else {@code false}: {@code oneOf('A', 'B')}. */
  public Rule oneOf(String... values) {
    StringJoiner j = new StringJoiner(", ", "oneOf(", ")");
    for (String v : values) {
      j.add(quote(v));
    }
    return then(j.toString());
  }

  /** The opposite of a boolean value. */
  public Rule not() {
    return then("not");
  }

  /** At most {@code length} characters. */
  public Rule truncate(int length) {
    return then("truncate(" + length + ")");
  }

  /** What to do when the rule yields nothing; replaces an earlier policy. */
  public Rule whenEmpty(WhenEmpty policy) {
    return new Rule(pipeline, Objects.requireNonNull(policy, "policy"));
  }

  /** The rule in the text syntax. */
  public String text() {
    return whenEmpty == null ? pipeline : pipeline + " | whenEmpty(" + whenEmpty.text() + ")";
  }

  private Rule then(String transform) {
    return new Rule(pipeline + " | " + transform, whenEmpty);
  }

  /** A text in single quotes, with quotes inside doubled. */
  static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Rule && ((Rule) o).text().equals(text());
  }

  @Override
  public int hashCode() {
    return text().hashCode();
  }

  @Override
  public String toString() {
    return text();
  }
}
