package io.github.usersync.scim;

import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.testkit.ProvisioningTargetContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterEach;
import org.jspecify.annotations.Nullable;

/** The target contract, against a SCIM server no one here wrote (SCIM-SDK from Maven Central). */
class ScimTargetContractTest extends ProvisioningTargetContract {
  private @Nullable GoldfishScimServer server;

  @Override
  protected ProvisioningTarget createTarget() {
    GoldfishScimServer s;
    try {
      s = new GoldfishScimServer(true, 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = s;
    return ScimTarget.create(ScimTargetSettings.builder().baseUrl(s.baseUri())
        .token(Secret.of(GoldfishScimServer.TOKEN)).pageSize(20).build(), null, d -> { });
  }

  @AfterEach
  void stop() {
    GoldfishScimServer s = server;
    if (s != null) {
      s.close();
    }
  }
}
