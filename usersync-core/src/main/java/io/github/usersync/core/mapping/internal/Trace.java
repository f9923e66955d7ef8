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
    /** For a transform's output, the transform's table entry; null for a source read. */
    public final Transforms.@Nullable Entry transform;

    Event(boolean input, String label, String value, Transforms.@Nullable Entry transform) {
      this.input = input;
      this.label = label;
      this.value = value;
      this.transform = transform;
    }
  }

  private final List<Event> events = new ArrayList<>();

  void input(String label, @Nullable Object value) {
    events.add(new Event(true, label, Values.render(value), null));
  }

  void step(String label, Transforms.Entry transform, @Nullable Object value) {
    events.add(new Event(false, label, Values.render(value), transform));
  }

  /** The events recorded so far, in evaluation order. */
  public List<Event> events() {
    return List.copyOf(events);
  }
}
