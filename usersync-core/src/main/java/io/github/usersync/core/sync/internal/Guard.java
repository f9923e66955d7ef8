package io.github.usersync.core.sync.internal;

import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncPolicy;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Step 4 of a run, guard: the safety rules decide which changes may be applied. A read that was
 * not complete holds back every deactivation, deletion and membership removal; over the
 * destructive-change thresholds, every destructive change is held back. Users that could not be
 * mapped are failed, changes the host never makes skipped. Internal.
 */
public final class Guard {
  private Guard() {}

  /** The guard's decision. */
  public static final class Result {
    /** Every change with NOT_APPLIED (may apply), SKIPPED or FAILED. */
    public final Outcomes outcomes;
    /** Why cleanup is held back, if it is. */
    public final @Nullable String cleanupSkippedReason;
    /** Whether a threshold (not an incomplete read) held changes back. */
    public final boolean thresholdHeld;

    Result(Outcomes outcomes, @Nullable String reason, boolean thresholdHeld) {
      this.outcomes = outcomes;
      this.cleanupSkippedReason = reason;
      this.thresholdHeld = thresholdHeld;
    }
  }

  /** Applies the safety rules to a plan. */
  public static Result check(PlanResult plan, SyncPolicy policy) {
    int reported = plan.failures.size() + plan.refused.size();
    Change[] all = new Change[reported + plan.changes.size()];
    int n = 0;
    for (PlanResult.Failure f : plan.failures) {
      all[n++] = f.change;
    }
    for (PlanResult.Failure f : plan.refused) {
      all[n++] = f.change;
    }
    for (Change c : plan.changes) {
      all[n++] = c;
    }
    Outcomes outcomes = new Outcomes(all);
    int i = 0;
    for (PlanResult.Failure f : plan.failures) {
      outcomes.set(i++, ChangeOutcome.Status.FAILED, f.message);
    }
    for (PlanResult.Failure f : plan.refused) {
      outcomes.set(i++, ChangeOutcome.Status.SKIPPED, Outcomes.Cause.BY_DESIGN, f.message);
    }
    String reason = null;
    boolean threshold = false;
    if (!plan.readComplete) {
      reason = "the IdP read was incomplete (" + plan.incompleteReason
          + "); no user is deactivated or deleted and no membership removed";
    } else {
      reason = overThreshold(plan, policy);
      threshold = reason != null;
    }
    String held = reason == null ? null : "held back: " + reason;
    for (int k = reported; k < all.length; k++) {
      Change c = all[k];
      boolean hold = held != null
          && (c.destructive() || (!plan.readComplete && c.type() == ChangeType.REMOVE_MEMBERSHIP));
      if (hold) {
        outcomes.set(k, ChangeOutcome.Status.SKIPPED, Outcomes.Cause.HELD, held);
      } else {
        outcomes.set(k, ChangeOutcome.Status.NOT_APPLIED, null);
      }
    }
    return new Result(outcomes, reason, threshold);
  }

  private static @Nullable String overThreshold(PlanResult plan, SyncPolicy policy) {
    long users = 0;
    long destructive = 0;
    for (Change c : plan.changes) {
      if (c.destructive()) {
        destructive++;
        if (c.type() == ChangeType.DEACTIVATE_USER || c.type() == ChangeType.ANONYMIZE_USER
            || c.type() == ChangeType.DELETE_USER) {
          users++;
        }
      }
    }
    double percent = plan.hostUsers == 0 ? 0 : destructive * 100.0 / plan.hostUsers;
    boolean many = destructive > policy.maxDestructiveChanges();
    boolean share = !Scope.oneUser(plan.mode) && plan.hostUsers > 0 && percent > policy.maxDestructivePercent();
    if (!many && !share) {
      return null;
    }
    String what = users == destructive
        ? String.format(Locale.ROOT, "deactivate or delete %d of %d host users (%.1f%%)", users, plan.hostUsers, percent)
        : String.format(Locale.ROOT, "deactivate or delete %d host users and remove %d memberships or groups"
                + " whose IdP group left or whose user is cleaned up: %d destructive changes for %d host users (%.1f%%)",
            users, destructive - users, destructive, plan.hostUsers, percent);
    return String.format(Locale.ROOT,
        "the run would %s, over the limit of %d %s or %.1f%%; check the IdP and the policy (requiredGroups,"
            + " mapping), then raise maxDestructiveChanges or maxDestructivePercent if this is intended",
        what, policy.maxDestructiveChanges(), users == destructive ? "users" : "changes",
        policy.maxDestructivePercent());
  }
}
