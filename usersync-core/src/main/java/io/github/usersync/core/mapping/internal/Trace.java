package io.github.usersync.core.mapping.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What one rule read and what each transform made of it, recorded only when explaining. */
public final class Trace {
  /** One recorded value: a source the rule read, or a transform's output. */
  public static final class Event {
    /** True for a source read, false for a transform's output. */
    public final boolean input;
    /** The source or transform as written in the rule. */
    public final String label;
    /** The value, rendered. */
    public final String value;

    Event(boolean input, String label, String value) {
      this.input = input;
      this.label = label;
      this.value = value;
    }
  }

  private final List<Event> events = new ArrayList<>();

  void input(String label, @Nullable Object value) {
    events.add(new Event(true, label, Values.render(value)));
  }

  void step(String label, @Nullable Object value) {
    events.add(new Event(false, label, Values.render(value)));
  }

  /** The events recorded so far, in evaluation order. */
  public List<Event> events() {
    return List.copyOf(events);
  }
}
