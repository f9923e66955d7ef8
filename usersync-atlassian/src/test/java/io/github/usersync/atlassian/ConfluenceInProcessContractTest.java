package io.github.usersync.atlassian;

import io.github.usersync.atlassian.sim.InMemoryConfluenceBridge;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.testkit.ProvisioningTargetContract;

/** The testkit's target contract on the in-process Confluence target, over the in-memory bridge. */
class ConfluenceInProcessContractTest extends ProvisioningTargetContract {
  @Override
  protected ProvisioningTarget createTarget() {
    return ConfluenceTarget.inProcess(new InMemoryConfluenceBridge());
  }
}
