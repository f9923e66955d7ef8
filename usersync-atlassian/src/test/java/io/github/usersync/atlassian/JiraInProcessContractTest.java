package io.github.usersync.atlassian;

import io.github.usersync.atlassian.sim.InMemoryJiraBridge;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.testkit.ProvisioningTargetContract;

/** The testkit's target contract on the in-process Jira target, over the in-memory bridge. */
class JiraInProcessContractTest extends ProvisioningTargetContract {
  @Override
  protected ProvisioningTarget createTarget() {
    return JiraTarget.inProcess(new InMemoryJiraBridge());
  }
}
