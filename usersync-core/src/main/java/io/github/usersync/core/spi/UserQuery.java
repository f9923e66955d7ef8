package io.github.usersync.core.spi;

import java.util.Set;
import org.immutables.value.Value;

/**
 * What a user read needs, so a connector asks the IdP for no more than that ({@code $select},
 * {@code projection=custom}, {@code briefRepresentation}).
 */
@Value.Immutable
public interface UserQuery {
  /**
   * Paths into the IdP's user JSON the caller will read beyond the standard fields (id, username,
   * email, names, active), e.g. {@code department} or {@code customSchemas.HR.costCenter}. Empty:
   * the connector's default set.
   */
  Set<String> attributes();

  /**
   * Whether to include users the IdP hides from plain lists because they are deactivated (Okta's
   * {@code DEPROVISIONED}). The engine asks for them so that "deactivated in the IdP" is told
   * apart from "gone".
   */
  @Value.Default
  default boolean includeDeactivated() {
    return true;
  }

  /**
   * Whether the caller needs each user's manager: the engine sets it when the mapping reads manager
   * fields, which is also when it synchronises managers, except on a full run that re-reads one
   * share of the managers ({@code SyncPolicy.managerRefreshRuns()} above 1, after the first
   * full run), which asks for that share per user. A connector may then list users with their
   * manager's id where the IdP can (see {@link io.github.usersync.core.model.Capability#MANAGER_ON_USER});
   * others ignore it. Default false: listings carry no more than they need.
   */
  @Value.Default
  default boolean managers() {
    return false;
  }

  /** The standard fields only, deactivated users included. */
  static UserQuery standard() {
    return builder().build();
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link UserQuery}. */
  final class Builder extends ImmutableUserQuery.Builder {}
}
