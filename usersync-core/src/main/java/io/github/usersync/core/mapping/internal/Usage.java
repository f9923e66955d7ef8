package io.github.usersync.core.mapping.internal;

import java.util.Set;
import java.util.TreeSet;

/** What compiled rules read, collected while parsing: paths, groups, manager, photo. */
public final class Usage {
  private final Set<String> sourcePaths = new TreeSet<>();
  private boolean groups;
  private boolean manager;
  private boolean photo;

  void path(String sourcePath) {
    sourcePaths.add(sourcePath);
  }

  void groups() {
    groups = true;
  }

  void manager() {
    manager = true;
  }

  void photo() {
    photo = true;
  }

  /** Adds what {@code other} read. */
  public void addAll(Usage other) {
    sourcePaths.addAll(other.sourcePaths);
    groups |= other.groups;
    manager |= other.manager;
    photo |= other.photo;
  }

  /** The user JSON paths read, without array selectors. */
  public Set<String> sourcePaths() {
    return Set.copyOf(sourcePaths);
  }

  /** Whether a rule reads {@code $groups} or {@code $roles}. */
  public boolean readsGroups() {
    return groups;
  }

  /** Whether a rule reads {@code $manager.…}. */
  public boolean readsManager() {
    return manager;
  }

  /** Whether a rule reads {@code $photo}. */
  public boolean readsPhoto() {
    return photo;
  }
}
