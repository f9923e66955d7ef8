package io.github.usersync.core.sync;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The typed plan of one run: the ordered changes, what the guard decided about them, and what the
 * read saw. {@link UserSync#plan()} returns it without changing anything.
 */
public final class SyncPlan {
  private final SyncMode mode;
  private final List<ChangeOutcome> changes;
  private final boolean readComplete;
  private final @Nullable String cleanupSkippedReason;
  private final long usersRead;
  private final long unchanged;
  private final long notProvisioned;
  private final List<String> skippedUsers;
  private final List<String> notes;

  SyncPlan(
      SyncMode mode,
      List<ChangeOutcome> changes,
      boolean readComplete,
      @Nullable String cleanupSkippedReason,
      long usersRead,
      long unchanged,
      long notProvisioned,
      List<String> skippedUsers,
      List<String> notes) {
    this.mode = mode;
    this.changes = Collections.unmodifiableList(changes);
    this.readComplete = readComplete;
    this.cleanupSkippedReason = cleanupSkippedReason;
    this.usersRead = usersRead;
    this.unchanged = unchanged;
    this.notProvisioned = notProvisioned;
    this.skippedUsers = Collections.unmodifiableList(skippedUsers);
    this.notes = Collections.unmodifiableList(notes);
  }

  /** How the IdP was read. */
  public SyncMode mode() {
    return mode;
  }

  /**
   * Every planned change in apply order, each {@code NOT_APPLIED} (would be applied), {@code
   * SKIPPED} (held back by a guard, with the reason) or {@code FAILED} (a user that could not be
   * mapped).
   */
  public List<ChangeOutcome> changes() {
    return changes;
  }

  /** The changes that would be applied. */
  public List<Change> applicable() {
    return changes.stream()
        .filter(o -> o.status() == ChangeOutcome.Status.NOT_APPLIED)
        .map(ChangeOutcome::change)
        .collect(java.util.stream.Collectors.toList());
  }

  /** Whether everything was read; if not, no user is deactivated or deleted. */
  public boolean readComplete() {
    return readComplete;
  }

  /** Why deactivations, deletions and membership removals are held back, if they are. */
  public Optional<String> cleanupSkippedReason() {
    return Optional.ofNullable(cleanupSkippedReason);
  }

  /** Users read from the IdP. */
  public long usersRead() {
    return usersRead;
  }

  /** Users in scope needing no user-level change. */
  public long unchanged() {
    return unchanged;
  }

  /** Users inactive in the IdP that the host never had, so nothing was created for them. */
  public long notProvisioned() {
    return notProvisioned;
  }

  /** Users the mapping skipped, as {@code "username: reason"}. */
  public List<String> skippedUsers() {
    return skippedUsers;
  }

  /** Things worth knowing about the run (a fallback to a full read, a group that could not be created). */
  public List<String> notes() {
    return notes;
  }

  /** Planned counts (what would be applied). */
  public SyncCounts counts() {
    return SyncCounts.of(changes, ChangeOutcome.Status.NOT_APPLIED, unchanged, notProvisioned);
  }

  /** Whether nothing would change. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  @Override
  public String toString() {
    return "SyncPlan[" + mode + ", " + changes.size() + " changes, " + counts() + "]";
  }
}
