package io.github.usersync.okta;


import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.testkit.ExpectedDirectory;
import io.github.usersync.testkit.IdpDirectoryContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testkit's directory contract, against the fixture org served the way Okta serves it. */
class OktaDirectoryContractTest extends IdpDirectoryContract {
  @RegisterExtension
  static WireMockExtension wm = OktaFixture.server();

  @BeforeEach
  void serveTheFixtureOrg() {
    OktaFixture.stubOrg(wm);
  }

  @Override
  protected IdpDirectory createDirectory() {
    return OktaFixture.directory(wm, new OktaFixture.RecordingSleeper());
  }

  @Override
  protected ExpectedDirectory expected() {
    return OktaFixture.expected();
  }
}
