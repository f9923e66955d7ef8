package io.github.usersync.onelogin;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.testkit.ExpectedDirectory;
import io.github.usersync.testkit.IdpDirectoryContract;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testkit's directory contract against a OneLogin account on WireMock, roles and groups both offered. */
class OneLoginDirectoryContractTest extends IdpDirectoryContract {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @BeforeEach
  void stubAccount() {
    OneLoginStubs.all(wm);
  }

  @Override
  protected IdpDirectory createDirectory() {
    return OneLoginStubs.directory(
        OneLoginStubs.settings(wm).groupSource(OneLoginSettings.GroupSource.BOTH).build(),
        new OneLoginStubs.RecordingSleeper());
  }

  @Override
  protected ExpectedDirectory expected() {
    return ExpectedDirectory.builder()
        .userIds(OneLoginStubs.USER_IDS)
        .groupIds(Set.of("role:199848", "role:272445", "role:300001", "group:417333", "group:419333"))
        .putDirectUserMembers("role:199848", Set.of("36216766", "36216767", "36216770"))
        .putDirectUserMembers("role:272445", Set.of("36216766", "36216768"))
        .putDirectUserMembers("role:300001", Set.of("36216772"))
        .putDirectUserMembers("group:417333", Set.of("36216766", "36216767"))
        .putDirectUserMembers("group:419333", Set.of("36216769", "36216770", "36216772"))
        .missingUserId("99999999")
        .endpointNames(
            Set.of("token", "API budget", "list users", "read user", "list roles", "role members", "list groups", "event types"))
        .build();
  }
}
