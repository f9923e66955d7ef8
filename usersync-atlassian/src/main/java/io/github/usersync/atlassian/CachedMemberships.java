package io.github.usersync.atlassian;

import java.time.Duration;
import org.immutables.value.Value;

/**
 * The setting of the targets that read every group's members in one request (Crowd's {@code
 * /group/membership}) and reuse them a while: Crowd, and Jira through its embedded Crowd API.
 */
interface CachedMemberships {
  /** How long group memberships read in one request are reused; zero turns it off (default 60 s). */
  @Value.Default
  default Duration membershipCache() {
    return Duration.ofSeconds(60);
  }
}
