package io.github.usersync.atlassian;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Options of an in-process target: which groups are protected, and how long the IdP-link index
 * may be reused before a lookup that misses rebuilds it.
 */
public final class InProcessOptions {
  private final @Nullable Set<String> protectedGroups;
  private final Duration linkIndexMaxAge;
  private final Clock clock;

  private InProcessOptions(Builder b) {
    this.protectedGroups = b.protectedGroups;
    this.linkIndexMaxAge = b.linkIndexMaxAge;
    this.clock = b.clock;
  }

  /** The defaults: the product's administrator groups protected, the link index reused for 60 s. */
  public static InProcessOptions defaults() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The protected groups, when set; else the product's defaults. */
  public Optional<Set<String>> protectedGroups() {
    return Optional.ofNullable(protectedGroups);
  }

  /** How long the IdP-link index is reused before a lookup that misses rebuilds it. */
  public Duration linkIndexMaxAge() {
    return linkIndexMaxAge;
  }

  /** The clock the link index ages with. */
  public Clock clock() {
    return clock;
  }

  /** Builds {@link InProcessOptions}. */
  public static final class Builder {
    private @Nullable Set<String> protectedGroups;
    private Duration linkIndexMaxAge = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The groups whose members usersync never changes and whose members it never deactivates or
     * deletes; an empty set protects none. Default: the product's administrator groups.
     */
    public Builder protectedGroups(Set<String> groups) {
      this.protectedGroups = Collections.unmodifiableSet(new LinkedHashSet<>(groups));
      return this;
    }

    /**
     * How long the IdP-link index (built by reading every user's link, since the products cannot
     * look users up by a property) is reused before a lookup that misses rebuilds it. Default 60 s.
     */
    public Builder linkIndexMaxAge(Duration maxAge) {
      if (maxAge.isNegative()) {
        throw new IllegalArgumentException("linkIndexMaxAge must not be negative");
      }
      this.linkIndexMaxAge = maxAge;
      return this;
    }

    /** The clock the link index ages with (tests). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The options. */
    public InProcessOptions build() {
      return new InProcessOptions(this);
    }
  }
}
