package io.github.usersync.examples;

import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.testkit.ProvisioningTargetContract;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The README's custom target passes the whole target contract, as an embedder's target should. */
class CustomTargetContractTest extends ProvisioningTargetContract {
  @Override
  protected ProvisioningTarget createTarget() {
    return new CustomTargetExample.AppUserStore(
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
  }
}
