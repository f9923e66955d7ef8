package io.github.usersync.google;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.google.GoogleTestSupport.ALICE;
import static io.github.usersync.google.GoogleTestSupport.ALL_STAFF;
import static io.github.usersync.google.GoogleTestSupport.BOB;
import static io.github.usersync.google.GoogleTestSupport.CAROL;
import static io.github.usersync.google.GoogleTestSupport.DAVE;
import static io.github.usersync.google.GoogleTestSupport.ENGINEERING;
import static io.github.usersync.google.GoogleTestSupport.ERIN;
import static io.github.usersync.google.GoogleTestSupport.FRANK;
import static io.github.usersync.google.GoogleTestSupport.JANE;
import static io.github.usersync.google.GoogleTestSupport.MISSING;
import static io.github.usersync.google.GoogleTestSupport.PLATFORM;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.testkit.ExpectedDirectory;
import io.github.usersync.testkit.IdpDirectoryContract;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testkit's directory contract against WireMock serving Google's documented responses. */
class GoogleDirectoryContractTest extends IdpDirectoryContract {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @BeforeEach
  void serveFixture() {
    GoogleTestSupport.stubDirectory(wm);
  }

  @Override
  protected IdpDirectory createDirectory() {
    return GoogleTestSupport.directory(wm, new GoogleTestSupport.RecordingSleeper());
  }

  @Override
  protected ExpectedDirectory expected() {
    return ExpectedDirectory.builder()
        .addUserIds(ALICE, BOB, CAROL, DAVE, ERIN, JANE, FRANK)
        .addSampleUserIds(ALICE, BOB, ERIN, JANE)
        .addGroupIds(ENGINEERING, PLATFORM, ALL_STAFF)
        .putDirectUserMembers(ENGINEERING, Set.of(ALICE, BOB))
        .putDirectUserMembers(PLATFORM, Set.of(CAROL, JANE, ALICE))
        .putDirectUserMembers(ALL_STAFF, Set.of(FRANK))
        .missingUserId(MISSING)
        .addEndpointNames(
            "token", "list users", "read user", "user photo", "list groups", "group members",
            "groups of a user", "admin activity")
        .build();
  }
}
