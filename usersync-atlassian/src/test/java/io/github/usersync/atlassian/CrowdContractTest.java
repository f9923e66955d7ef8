package io.github.usersync.atlassian;

import io.github.usersync.atlassian.sim.CrowdSim;
import io.github.usersync.atlassian.sim.SimServer;
import io.github.usersync.atlassian.sim.SimState;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.testkit.ProvisioningTargetContract;
import org.junit.jupiter.api.AfterEach;

/** The testkit's target contract on the remote Crowd target, against the Crowd simulation. */
class CrowdContractTest extends ProvisioningTargetContract {
  private final SimState state = new SimState();
  private final SimServer server = CrowdSim.server(state);

  @Override
  protected ProvisioningTarget createTarget() {
    return CrowdTarget.remote(Sims.crowd(server.baseUrl()), Sims.options());
  }

  @AfterEach
  void stop() {
    server.close();
  }
}
