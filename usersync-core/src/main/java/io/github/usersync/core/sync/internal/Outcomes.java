package io.github.usersync.core.sync.internal;

import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.ChangeOutcome;
import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * Outcomes of a plan held as arrays (the change, one byte for its status and cause, messages only
 * where there is one): a first sync has a million membership changes, and a list of outcome objects per
 * step would double the engine's memory. Reads create {@link ChangeOutcome} views on demand. Not
 * thread-safe while being filled; immutable afterwards. Internal.
 */
public final class Outcomes extends AbstractList<ChangeOutcome> implements RandomAccess {
  private static final ChangeOutcome.Status[] STATUSES = ChangeOutcome.Status.values();

  /** Why a change was not applied, beyond its status (what the commit needs to know). */
  enum Cause {
    NONE,
    /** Held back by the guard: tried again next run. */
    HELD,
    /** Left out because the host never makes it: remembered, not tried again. */
    BY_DESIGN,
    /** Refused by the host for good: remembered, not tried again until the data changes. */
    REFUSED,
    /** Not applied because the host refused an earlier change of the same user for good. */
    AFTER_REFUSAL
  }

  private static final Cause[] CAUSES = Cause.values();

  private final Change[] changes;
  // The status's ordinal in the low two bits, the cause's above.
  private final byte[] state;
  private final Map<Integer, String> messages = new HashMap<>();
  // Only for changes an apply tried: error codes where there is one, times in epoch millis (0: none).
  private final Map<Integer, String> codes = new HashMap<>();
  private long @Nullable [] at;

  Outcomes(Change[] changes) {
    this.changes = changes;
    this.state = new byte[changes.length];
  }

  /** A copy sharing the changes, with the same statuses and messages, to be updated by apply. */
  Outcomes copy() {
    Outcomes c = new Outcomes(changes);
    System.arraycopy(state, 0, c.state, 0, state.length);
    c.messages.putAll(messages);
    c.codes.putAll(codes);
    long[] times = at;
    c.at = times == null ? null : times.clone();
    return c;
  }

  void set(int i, ChangeOutcome.Status s, @Nullable String message) {
    set(i, s, Cause.NONE, message);
  }

  void set(int i, ChangeOutcome.Status s, Cause c, @Nullable String message) {
    state[i] = (byte) (s.ordinal() | c.ordinal() << 2);
    if (message == null) {
      messages.remove(i);
    } else {
      messages.put(i, message);
    }
  }

  /** Records what apply learned of change {@code i}: its error code and when it ended. */
  void tried(int i, @Nullable String errorCode, long epochMillis) {
    if (errorCode == null) {
      codes.remove(i);
    } else {
      codes.put(i, errorCode);
    }
    long[] times = at;
    if (times == null) {
      times = new long[changes.length];
      at = times;
    }
    times[i] = epochMillis;
  }

  ChangeOutcome.Status status(int i) {
    return STATUSES[state[i] & 3];
  }

  Cause cause(int i) {
    return CAUSES[state[i] >> 2];
  }

  @Nullable String message(int i) {
    return messages.get(i);
  }

  /** How many outcomes have this status (without creating an outcome object per change). */
  public long count(ChangeOutcome.Status s) {
    long n = 0;
    for (byte b : state) {
      if ((b & 3) == s.ordinal()) {
        n++;
      }
    }
    return n;
  }

  Change change(int i) {
    return changes[i];
  }

  @Override
  public ChangeOutcome get(int i) {
    long[] times = at;
    long t = times == null ? 0 : times[i];
    return ChangeOutcome.of(changes[i], status(i), messages.get(i), codes.get(i),
        t == 0 ? null : java.time.Instant.ofEpochMilli(t));
  }

  @Override
  public int size() {
    return changes.length;
  }

  static Outcomes of(List<ChangeOutcome> list) {
    if (list instanceof Outcomes) {
      return (Outcomes) list;
    }
    Change[] cs = new Change[list.size()];
    for (int i = 0; i < cs.length; i++) {
      cs[i] = list.get(i).change();
    }
    Outcomes o = new Outcomes(cs);
    for (int i = 0; i < cs.length; i++) {
      o.set(i, list.get(i).status(), list.get(i).message().orElse(null));
    }
    return o;
  }
}
