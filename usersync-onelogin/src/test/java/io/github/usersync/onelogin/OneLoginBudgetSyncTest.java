package io.github.usersync.onelogin;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.mapping.GroupRules;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The budget guard through the sync engine: when reading would take OneLogin's shared hourly budget
 * below the minimum, the run stops reading, skips cleanup (nobody is deactivated on a partial
 * read), and the report says it paused to protect the budget.
 */
class OneLoginBudgetSyncTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @Test
  void aRunThatWouldSpendTheReservedBudgetPausesAndSkipsCleanup() {
    OneLoginStubs.token(wm);
    OneLoginStubs.users(wm); // the pages answer X-RateLimit-Remaining 4990, 4989, 4988
    InMemoryTarget host = InMemoryTarget.create();
    HostUser gone = host.createUser(NewHostUser.builder().username("left.long.ago").externalId("999").build());
    try (OneLoginDirectory idp = OneLoginStubs.directory(
        OneLoginStubs.settings(wm).minRemainingApiCalls(4989).build(), new OneLoginStubs.RecordingSleeper())) {
      UserSync sync = UserSync.builder(idp, host)
          .mapper(UserMapping.defaults().toBuilder().groups(GroupRules.none()).build())
          .build();

      SyncReport report = sync.run();

      assertThat(report.plan().readComplete()).isFalse();
      assertThat(report.cleanupSkippedReason()).hasValueSatisfying(r -> assertThat(r)
          .contains("the IdP read was incomplete")
          .contains("paused to protect OneLogin's shared API budget: 4989 calls remaining, minimum 4989"));
      assertThat(report.outcomes()).filteredOn(o -> o.change().type() == ChangeType.DEACTIVATE_USER)
          .extracting(ChangeOutcome::status).containsExactly(ChangeOutcome.Status.SKIPPED);
      assertThat(host.user(gone.key()).orElseThrow().active()).isTrue();
      // the six users on the two pages read before the pause are still provisioned (the active ones)
      assertThat(report.plan().usersRead()).isEqualTo(6);
      assertThat(report.counts().created()).isEqualTo(host.users().filter(HostUser::active).count() - 1);
      assertThat(report.counts().created()).isPositive();
      assertThat(report.toText()).contains("Cleanup skipped:");
    }
  }
}
