package io.github.usersync.atlassian;

import io.github.usersync.atlassian.sim.JiraSim;
import io.github.usersync.atlassian.sim.SimServer;
import io.github.usersync.atlassian.sim.SimState;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.testkit.ProvisioningTargetContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The testkit's target contract on the remote Jira target (REST API 2 plus the embedded Crowd
 * API), with attributes as Crowd user attributes, against a Jira 10.3 simulation.
 */
class JiraRestContractTest extends ProvisioningTargetContract {
  final SimState state = new SimState();
  final SimServer server = JiraSim.server(state, version());

  String version() {
    return "10.3.1";
  }

  JiraAttributeStore store() {
    return JiraAttributeStore.CROWD_ATTRIBUTES;
  }

  @Override
  protected ProvisioningTarget createTarget() {
    return JiraTarget.remote(Sims.jira(server.baseUrl(), store()), Sims.options());
  }

  @AfterEach
  void stop() {
    server.close();
  }
}
