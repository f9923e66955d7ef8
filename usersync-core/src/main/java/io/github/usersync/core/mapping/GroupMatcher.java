package io.github.usersync.core.mapping;

import io.github.usersync.core.mapping.internal.RuleParser;
import io.github.usersync.core.model.DirectoryGroup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A list of IdP group names and regexes, as in a required-groups setting: {@code ["jira-users",
 * "regex:^eng-.*"]}. An entry is a group name, compared ignoring case (as the sync policy's
 * required groups are), unless it starts with {@code regex:}, in which case the rest is a regex
 * the whole name must match (case-sensitive; write {@code (?i)} to ignore case). Immutable and
 * thread-safe, so a host or the engine can reuse it for other required-groups settings.
 */
public final class GroupMatcher {
  /** The prefix that marks an entry as a regex. */
  public static final String REGEX_PREFIX = "regex:";

  private final List<String> entries;
  private final Set<String> names;
  private final Pattern[] patterns;

  private GroupMatcher(List<String> entries, Set<String> names, Pattern[] patterns) {
    this.entries = entries;
    this.names = names;
    this.patterns = patterns;
  }

  /**
   * A matcher for these entries.
   *
   * @throws io.github.usersync.core.MappingException naming {@code mapping.groups.required[i]} and
   *     the position for an invalid regex
   */
  public static GroupMatcher of(Collection<String> entries) {
    return of("mapping.groups.required", entries);
  }

  /** A matcher whose errors name {@code rule} (e.g. {@code policy.requiredGroups}). */
  public static GroupMatcher of(String rule, Collection<String> entries) {
    Set<String> names = new LinkedHashSet<>();
    List<Pattern> patterns = new ArrayList<>();
    int i = 0;
    for (String e : entries) {
      if (e.startsWith(REGEX_PREFIX)) {
        patterns.add(RuleParser.regex(rule + "[" + i + "]", e.substring(REGEX_PREFIX.length())));
      } else {
        names.add(e.toLowerCase(Locale.ROOT));
      }
      i++;
    }
    return new GroupMatcher(
        List.copyOf(entries), Collections.unmodifiableSet(names), patterns.toArray(new Pattern[0]));
  }

  /** The entries as given. */
  public List<String> entries() {
    return entries;
  }

  /** The names (entries without {@code regex:}), lower-cased, e.g. to scope a directory read. */
  public Set<String> names() {
    return names;
  }

  /** Whether there are regex entries (a read cannot be scoped by name alone). */
  public boolean hasPatterns() {
    return patterns.length > 0;
  }

  /** Whether a group name matches an entry. */
  public boolean matches(String groupName) {
    if (!names.isEmpty() && names.contains(groupName.toLowerCase(Locale.ROOT))) {
      return true;
    }
    for (Pattern p : patterns) {
      if (p.matcher(groupName).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Whether any of these groups matches an entry. */
  public boolean matchesAny(Collection<DirectoryGroup> groups) {
    for (DirectoryGroup g : groups) {
      if (matches(g.name())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return String.join(", ", entries);
  }
}
