package io.github.usersync.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.sync.SyncPolicy;
import org.junit.jupiter.api.Test;

/** Builders report a missing required value as a ConfigurationException, as the README says. */
class MissingValueExceptionTest {
  @Test
  void aModelBuilderNamesTheTypeAndTheMissingValues() {
    assertThatThrownBy(() -> NewHostUser.builder().username("ann").build())
        .isInstanceOf(ConfigurationException.class)
        .isInstanceOf(MissingValueException.class)
        .hasMessageContaining("NewHostUser")
        .hasMessageContaining("[externalId]")
        .hasMessageContaining("set them on the builder");
    assertThatThrownBy(() -> HostUser.builder().active(true).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("HostUser")
        .hasMessageContaining("key")
        .hasMessageContaining("username");
  }

  @Test
  void aCheckedValueOutOfRangeIsAnIllegalArgument() {
    // What the README says builders throw besides: a value a type's own check rejects.
    assertThatThrownBy(() -> SyncPolicy.builder().applyConcurrency(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("applyConcurrency");
  }
}
