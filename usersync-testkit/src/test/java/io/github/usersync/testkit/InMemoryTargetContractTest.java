package io.github.usersync.testkit;

import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.TargetCapabilities;
import io.github.usersync.core.spi.ProvisioningTarget;
import java.util.Set;
import org.junit.jupiter.api.Nested;

class InMemoryTargetContractTest extends ProvisioningTargetContract {
  @Override
  protected ProvisioningTarget createTarget() {
    return InMemoryTarget.create();
  }

  /** The same contract for a target that keeps only Confluence's six profile fields. */
  @Nested
  class WithConfluenceFields extends ProvisioningTargetContract {
    @Override
    protected ProvisioningTarget createTarget() {
      return InMemoryTarget.builder()
          .capabilities(TargetCapabilities.builder()
              .allowedAttributes(Set.of("phone", "im", "website", "position", "department", "location"))
              .canDeleteUsers(false)
              .build())
          .build();
    }
  }
}
