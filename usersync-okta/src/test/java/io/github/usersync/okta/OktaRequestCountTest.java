package io.github.usersync.okta;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a full sync costs on Okta: managers come from {@code profile.managerId} of the user listing
 * (Okta Users API, "List all users": the user object's {@code profile} carries {@code managerId};
 * developer.okta.com/docs/api/openapi/okta-management/management/tag/User/), so no user is read on
 * its own; groups and members are read at the configured page sizes.
 */
class OktaRequestCountTest {
  @RegisterExtension
  static WireMockExtension wm = OktaFixture.server();

  @Test
  void aSyncWithManagersReadsNoUserOnItsOwn() {
    OktaFixture.stubOrg(wm);
    InMemoryTarget host = InMemoryTarget.create();
    // The users as one cursor chain, so the count below is the plain listing's; the split read's
    // cost is counted in OktaUserRangesTest.
    try (OktaDirectory okta = OktaFixture.directory(wm, new OktaFixture.RecordingSleeper(), b -> b.userListRanges(1))) {
      SyncReport report = UserSync.builder(okta, host)
          .mapper(UserMapping.defaults().toBuilder().manager(true).build())
          .build()
          .run();

      assertThat(report.plan().readComplete()).isTrue();
      assertThat(report.counts().created()).isPositive();
      // One GET /api/v1/users/{id} per user was the old cost (the manager read); now none.
      List<LoggedRequest> singleUsers = wm.findAll(getRequestedFor(urlMatching("/api/v1/users/00u[^/?]*")));
      assertThat(singleUsers).isEmpty();
      // Everything else is listings: users (3 pages of 3, once: a user listed before their manager
      // waits in the engine until the manager is listed), groups (2 pages), members (Engineering 2
      // pages, Sales 1, Everyone 1), and the System Log read that takes the change cursor.
      assertThat(wm.findAll(getRequestedFor(urlPathEqualTo("/api/v1/users")))).hasSize(3);
      assertThat(wm.findAll(getRequestedFor(urlPathEqualTo("/api/v1/logs")))).hasSize(1);
      assertThat(wm.getAllServeEvents()).hasSize(3 + 2 + 4 + 1);
    }
  }

  @Test
  void membersAreReadAThousandAPageAndGroupsAtTheConfiguredPageSize() {
    OktaSettings defaults = OktaSettings.builder()
        .baseUrl(java.net.URI.create(wm.baseUrl()))
        .apiToken(io.github.usersync.core.settings.Secret.of(OktaFixture.API_TOKEN))
        .build();
    assertThat(defaults.memberPageSize()).isEqualTo(1000);
    assertThat(defaults.groupPageSize()).isEqualTo(200);
    OktaFixture.stubOrg(wm);
    try (OktaDirectory okta = OktaFixture.directory(wm, new OktaFixture.RecordingSleeper(), b -> b.groupPageSize(2))) {
      assertThat(okta.groups().count()).isEqualTo(3);
    }
    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo("/api/v1/groups"))))
        .first().satisfies(r -> assertThat(r.queryParameter("limit").firstValue()).isEqualTo("2"));
  }
}
