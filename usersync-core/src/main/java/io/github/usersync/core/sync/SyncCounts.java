package io.github.usersync.core.sync;

import java.util.Collection;

/** How many changes of each kind a run made (or, for a plan, would make). */
public final class SyncCounts {
  long created;
  long updated;
  long deactivated;
  long anonymized;
  long reactivated;
  long deleted;
  long unchanged;
  long notProvisioned;
  long failed;
  long skipped;
  long groupsCreated;
  long groupsRenamed;
  long groupsDeleted;
  long membershipsAdded;
  long membershipsRemoved;
  long managersSet;
  long photosSet;
  long photosRemoved;

  SyncCounts() {}

  /** Counts the outcomes with the given status as done; failed and skipped are always counted. */
  static SyncCounts of(Collection<ChangeOutcome> outcomes, ChangeOutcome.Status done, long unchanged,
      long notProvisioned) {
    SyncCounts c = new SyncCounts();
    c.unchanged = unchanged;
    c.notProvisioned = notProvisioned;
    for (ChangeOutcome o : outcomes) {
      if (o.status() == ChangeOutcome.Status.FAILED) {
        c.failed++;
        continue;
      }
      if (o.status() == ChangeOutcome.Status.SKIPPED) {
        c.skipped++;
        continue;
      }
      if (o.status() != done) {
        continue;
      }
      switch (o.change().type()) {
        case CREATE_USER:
          c.created++;
          break;
        case UPDATE_USER:
          c.updated++;
          break;
        case DEACTIVATE_USER:
          c.deactivated++;
          break;
        case ANONYMIZE_USER:
          c.anonymized++;
          break;
        case REACTIVATE_USER:
          c.reactivated++;
          break;
        case DELETE_USER:
          c.deleted++;
          break;
        case CREATE_GROUP:
          c.groupsCreated++;
          break;
        case RENAME_GROUP:
          c.groupsRenamed++;
          break;
        case DELETE_GROUP:
          c.groupsDeleted++;
          break;
        case ADD_MEMBERSHIP:
          c.membershipsAdded++;
          break;
        case REMOVE_MEMBERSHIP:
          c.membershipsRemoved++;
          break;
        case SET_MANAGER:
          c.managersSet++;
          break;
        case SET_PHOTO:
          if (o.change().value().isPresent()) {
            c.photosSet++;
          } else {
            c.photosRemoved++;
          }
          break;
        default:
          break;
      }
    }
    return c;
  }

  /** Users created. */
  public long created() {
    return created;
  }

  /** Users updated (profile, rename, adoption). */
  public long updated() {
    return updated;
  }

  /** Users deactivated. */
  public long deactivated() {
    return deactivated;
  }

  /** Users anonymized (renamed to a pseudonym and deactivated). */
  public long anonymized() {
    return anonymized;
  }

  /** Users reactivated. */
  public long reactivated() {
    return reactivated;
  }

  /** Users deleted. */
  public long deleted() {
    return deleted;
  }

  /** Users in scope that the host has and that needed no user-level change. */
  public long unchanged() {
    return unchanged;
  }

  /** Users inactive in the IdP that the host never had: not created, and not counted as unchanged. */
  public long notProvisioned() {
    return notProvisioned;
  }

  /** Changes that failed (including users that could not be mapped). */
  public long failed() {
    return failed;
  }

  /**
   * Changes not applied by design: held back by a safety rule, left out because the host never
   * makes them, or refused by the host for good.
   */
  public long skipped() {
    return skipped;
  }

  /** Groups created. */
  public long groupsCreated() {
    return groupsCreated;
  }

  /** Groups renamed because their IdP group was renamed or moved. */
  public long groupsRenamed() {
    return groupsRenamed;
  }

  /** Groups deleted (created by usersync, emptied after their IdP group left). */
  public long groupsDeleted() {
    return groupsDeleted;
  }

  /** Memberships added. */
  public long membershipsAdded() {
    return membershipsAdded;
  }

  /** Memberships removed. */
  public long membershipsRemoved() {
    return membershipsRemoved;
  }

  /** Managers set or cleared. */
  public long managersSet() {
    return managersSet;
  }

  /** Photos set. */
  public long photosSet() {
    return photosSet;
  }

  /** Photos removed because the IdP no longer has them. */
  public long photosRemoved() {
    return photosRemoved;
  }

  /** The number of changes counted (not unchanged, failed or skipped). */
  public long changes() {
    return created + updated + deactivated + anonymized + reactivated + deleted + groupsCreated + groupsRenamed
        + groupsDeleted + membershipsAdded + membershipsRemoved + managersSet + photosSet + photosRemoved;
  }

  @Override
  public String toString() {
    return "created=" + created + ", updated=" + updated + ", deactivated=" + deactivated
        + ", anonymized=" + anonymized + ", reactivated=" + reactivated + ", deleted=" + deleted + ", unchanged=" + unchanged
        + ", notProvisioned=" + notProvisioned
        + ", failed=" + failed + ", skipped=" + skipped + ", groupsCreated=" + groupsCreated
        + ", groupsRenamed=" + groupsRenamed + ", groupsDeleted=" + groupsDeleted
        + ", membershipsAdded=" + membershipsAdded + ", membershipsRemoved=" + membershipsRemoved
        + ", managersSet=" + managersSet + ", photosSet=" + photosSet + ", photosRemoved=" + photosRemoved;
  }
}
