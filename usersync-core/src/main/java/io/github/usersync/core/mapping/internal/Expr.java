package io.github.usersync.core.mapping.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.model.DirectoryUser;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A compiled expression: a source, or a source followed by transforms. */
abstract class Expr {
  /** The expression as written, for explanations. */
  final String label;

  Expr(String label) {
    this.label = label;
  }

  abstract @Nullable Object eval(Eval e);

  /** A quoted constant. */
  static final class Constant extends Expr {
    private final @Nullable String value;

    Constant(String label, String value) {
      super(label);
      this.value = Values.nonEmpty(value);
    }

    @Override
    @Nullable Object eval(Eval e) {
      if (e.trace != null) {
        e.trace.input(label, value);
      }
      return value;
    }
  }

  /** A path into the user's (or the manager's) IdP JSON. */
  static final class Path extends Expr {
    private final JsonPath path;
    private final boolean manager;

    Path(String label, JsonPath path, boolean manager) {
      super(label);
      this.path = path;
      this.manager = manager;
    }

    @Override
    @Nullable Object eval(Eval e) {
      @Nullable JsonNode root;
      if (manager) {
        Optional<DirectoryUser> m = e.input.manager();
        root = m.isPresent() ? m.get().raw() : null;
      } else {
        root = e.raw;
      }
      Object v = root == null ? null : path.eval(root, e.rule);
      if (e.trace != null) {
        e.trace.input(label, v);
      }
      return v;
    }
  }

  /** A {@code $special} source: a normalised field, the groups, the manager, the photo. */
  static final class Special extends Expr {
    enum Kind {
      ID,
      USERNAME,
      EMAIL,
      GIVEN_NAME,
      FAMILY_NAME,
      DISPLAY_NAME,
      ACTIVE,
      MANAGER_ID,
      GROUPS,
      ROLES,
      PHOTO,
      MANAGER_ID_OF_MANAGER,
      MANAGER_USERNAME,
      MANAGER_EMAIL,
      MANAGER_DISPLAY_NAME,
      MANAGER_GIVEN_NAME,
      MANAGER_FAMILY_NAME
    }

    private final Kind kind;

    Special(String label, Kind kind) {
      super(label);
      this.kind = kind;
    }

    @Override
    @Nullable Object eval(Eval e) {
      Object v = value(e);
      if (e.trace != null) {
        e.trace.input(label, v);
      }
      return v;
    }

    private @Nullable Object value(Eval e) {
      DirectoryUser u = e.user;
      switch (kind) {
        case ID:
          return Values.nonEmpty(u.id());
        case USERNAME:
          return Values.nonEmpty(u.username());
        case EMAIL:
          return text(u.email());
        case GIVEN_NAME:
          return text(u.givenName());
        case FAMILY_NAME:
          return text(u.familyName());
        case DISPLAY_NAME:
          return text(u.displayName());
        case ACTIVE:
          return u.active() ? "true" : "false";
        case MANAGER_ID:
          return text(u.managerId().or(() -> e.input.manager().map(DirectoryUser::id)));
        case GROUPS:
          return e.groupNames(false);
        case ROLES:
          return e.groupNames(true);
        case PHOTO:
          return text(e.input.photoFingerprint());
        default:
          return managerField(e.input.manager());
      }
    }

    private @Nullable Object managerField(Optional<DirectoryUser> manager) {
      if (manager.isEmpty()) {
        return null;
      }
      DirectoryUser m = manager.get();
      switch (kind) {
        case MANAGER_ID_OF_MANAGER:
          return Values.nonEmpty(m.id());
        case MANAGER_USERNAME:
          return Values.nonEmpty(m.username());
        case MANAGER_EMAIL:
          return text(m.email());
        case MANAGER_DISPLAY_NAME:
          return text(m.displayName());
        case MANAGER_GIVEN_NAME:
          return text(m.givenName());
        default:
          return text(m.familyName());
      }
    }

    private static @Nullable String text(Optional<String> s) {
      return s.isPresent() ? Values.nonEmpty(s.get()) : null;
    }
  }

  /** {@code template('{givenName} {surname}')}: literals and placeholders, parsed once. */
  static final class Template extends Expr {
    private final String[] literals;
    private final Expr[] parts;
    private final int literalLength;

    Template(String label, String[] literals, Expr[] parts) {
      super(label);
      this.literals = literals;
      this.parts = parts;
      int n = 0;
      for (String l : literals) {
        n += l.length();
      }
      this.literalLength = n;
    }

    @Override
    @Nullable Object eval(Eval e) {
      String[] values = new String[parts.length];
      boolean any = false;
      int length = literalLength;
      for (int i = 0; i < parts.length; i++) {
        String v = Values.single(parts[i].eval(e));
        if (v != null) {
          values[i] = v;
          length += v.length();
          any = true;
        }
      }
      if (!any) {
        return null; // so firstOf(…) and whenEmpty see "nothing", not a lone space
      }
      StringBuilder b = new StringBuilder(length);
      for (int i = 0; i < parts.length; i++) {
        b.append(literals[i]);
        if (values[i] != null) {
          b.append(values[i]);
        }
      }
      b.append(literals[parts.length]);
      return Values.nonEmpty(b.toString().strip());
    }
  }

  /** {@code firstOf(a, b, …)} and {@code a ?? b}: the first option that yields something. */
  static final class FirstOf extends Expr {
    private final Expr[] options;

    FirstOf(String label, Expr[] options) {
      super(label);
      this.options = options;
    }

    @Override
    @Nullable Object eval(Eval e) {
      for (Expr option : options) {
        Object v = option.eval(e);
        if (v != null) {
          return v;
        }
      }
      return null;
    }
  }

  /** A source followed by transforms. */
  static final class Pipeline extends Expr {
    private final Expr source;
    private final Transform[] transforms;

    Pipeline(String label, Expr source, Transform[] transforms) {
      super(label);
      this.source = source;
      this.transforms = transforms;
    }

    @Override
    @Nullable Object eval(Eval e) {
      Object v = source.eval(e);
      for (Transform t : transforms) {
        v = t.apply(v, e);
        if (e.trace != null) {
          e.trace.step(t.label, t.entry, v);
        }
      }
      return v;
    }
  }
}
