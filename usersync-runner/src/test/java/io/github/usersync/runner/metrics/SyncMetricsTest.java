package io.github.usersync.runner.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class SyncMetricsTest {
  private static InMemoryDirectory idp(int users) {
    InMemoryDirectory d = InMemoryDirectory.create();
    for (int i = 1; i <= users; i++) {
      d.putUser(DirectoryUser.builder().id("u" + i).username("user" + i + "@example.com").active(true).build());
    }
    return d;
  }

  @Test
  void runsChangesAndLastSuccessAreRecorded() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    InMemoryDirectory d = idp(3);
    InMemoryTarget host = InMemoryTarget.builder()
        .rejecting((op, subject) -> op.equals("create user") && subject.equals("user3@example.com")).build();
    UserSync sync = UserSync.builder(d, host).name("simple").listener(SyncMetrics.of(registry)).build();

    SyncReport first = sync.run();
    assertThat(first.status()).isEqualTo(SyncReport.Status.FAILED);
    assertThat(registry.get("usersync.runs").tags("sync", "simple", "status", "failed").counter().count()).isEqualTo(1);
    assertThat(registry.get("usersync.changes").tags("type", "create_user", "outcome", "applied").counter().count()).isEqualTo(2);
    assertThat(registry.get("usersync.changes").tags("type", "create_user", "outcome", "failed").counter().count()).isEqualTo(1);
    assertThat(registry.get("usersync.last.success").gauge().value()).as("no success yet").isZero();
    assertThat(registry.get("usersync.run.duration").timer().count()).isEqualTo(1);

    sync.dryRun();
    assertThat(registry.get("usersync.runs").counters()).as("dry runs are not recorded").hasSize(1);
  }

  /** Issue 21: the Prometheus scrape after two runs shows both runs' counters. */
  @Test
  void thePrometheusScrapeAfterTwoRunsShowsTheirCounters() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    InMemoryDirectory d = idp(5);
    UserSync sync = UserSync.builder(d, InMemoryTarget.create()).name("okta-to-jira")
        .policy(SyncPolicy.builder().maxDestructivePercent(100).build()) // 1 of 6 is over the default
        .listener(SyncMetrics.of(registry)).build();

    SyncReport first = sync.run();
    d.putUser(DirectoryUser.builder().id("u6").username("user6@example.com").active(true).build());
    d.putUser(DirectoryUser.builder().id("u1").username("user1@example.com").active(false).build());
    SyncReport second = sync.run();
    assertThat(first.success()).as(first.toText()).isTrue();
    assertThat(second.success()).as(second.toText()).isTrue();

    String scrape = registry.scrape();
    String mode1 = first.mode().name().toLowerCase(java.util.Locale.ROOT);
    String mode2 = second.mode().name().toLowerCase(java.util.Locale.ROOT);
    if (mode1.equals(mode2)) {
      assertThat(scrape).contains("usersync_runs_total{mode=\"" + mode1 + "\",status=\"success\",sync=\"okta-to-jira\"} 2");
    } else {
      assertThat(scrape).contains("usersync_runs_total{mode=\"" + mode1 + "\",status=\"success\",sync=\"okta-to-jira\"} 1")
          .contains("usersync_runs_total{mode=\"" + mode2 + "\",status=\"success\",sync=\"okta-to-jira\"} 1");
    }
    assertThat(scrape)
        .contains("usersync_changes_total{outcome=\"applied\",sync=\"okta-to-jira\",type=\"create_user\"} 6")
        .contains("usersync_changes_total{outcome=\"applied\",sync=\"okta-to-jira\",type=\"deactivate_user\"} 1")
        .contains("usersync_users_read_total{sync=\"okta-to-jira\"} " + (first.plan().usersRead() + second.plan().usersRead()))
        .contains("usersync_requests_total{side=\"idp\",sync=\"okta-to-jira\"}")
        .contains("usersync_throttle_wait_seconds_total{side=\"host\",sync=\"okta-to-jira\"} 0")
        .contains("usersync_last_success_seconds{sync=\"okta-to-jira\"} " + (double) second.finishedAt().getEpochSecond())
        .containsPattern("usersync_run_duration_seconds_count\\{[^}]*sync=\"okta-to-jira\"[^}]*\\} [12]");
  }
}
