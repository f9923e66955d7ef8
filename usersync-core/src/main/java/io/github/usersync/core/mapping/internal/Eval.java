package io.github.usersync.core.mapping.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.mapping.MappingInput;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The state of mapping one user: the input, the rule being evaluated, and an optional trace. */
public final class Eval {
  final MappingInput input;
  final DirectoryUser user;
  final JsonNode raw;
  @Nullable Trace trace;
  String rule = "mapping";

  /** Starts mapping {@code input}; {@code trace} is null except when explaining. */
  public Eval(MappingInput input) {
    this.input = input;
    this.user = input.user();
    this.raw = user.raw();
  }

  /** Records what the following rules read into {@code trace}; null stops recording. */
  public void trace(@Nullable Trace trace) {
    this.trace = trace;
  }

  /** The user's IdP group names ({@code roles}: OneLogin roles instead), as a value. */
  @Nullable Object groupNames(boolean roles) {
    List<DirectoryGroup> groups = input.groups();
    List<String> names = new ArrayList<>(groups.size());
    for (DirectoryGroup g : groups) {
      if (isRole(g) == roles && !g.name().isEmpty()) {
        names.add(g.name());
      }
    }
    return Values.ofList(names);
  }

  /** Whether a directory group is a OneLogin role (connectors mark them in {@code raw}). */
  public static boolean isRole(DirectoryGroup g) {
    JsonNode kind = g.raw().get("usersyncKind");
    return kind != null && "role".equals(kind.textValue());
  }
}
