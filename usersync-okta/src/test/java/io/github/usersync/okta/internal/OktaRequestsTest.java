package io.github.usersync.okta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.spi.UserQuery;
import java.net.URI;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OktaRequestsTest {
  @Test
  void timestampsHaveMillisecondsAndAZ() {
    assertThat(OktaRequests.updatedAfter(Instant.parse("2024-02-27T11:00:05.5Z")))
        .isEqualTo("lastUpdated gt \"2024-02-27T11:00:05.500Z\"");
    assertThat(OktaRequests.EVERY_USER).isEqualTo("lastUpdated gt \"1970-01-01T00:00:00.000Z\"");
  }

  @Test
  void literalsEscapeQuotesAndBackslashes() {
    assertThat(OktaRequests.literal("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
  }

  @Test
  void projectsOnlyNamesItCanExpress() {
    assertThat(OktaRequests.fields(Set.of())).isNull();
    assertThat(OktaRequests.fields(Set.of("profile"))).as("the whole profile").isNull();
    assertThat(OktaRequests.fields(Set.of("profile.cost-center"))).as("not a name").isNull();
    assertThat(OktaRequests.fields(Set.of("profile.skills")))
        .isEqualTo("id,status,lastUpdated,profile:(login,email,firstName,lastName,displayName,managerId,skills)");
  }

  @Test
  void theFilterIsEncodedTheWayOktaDocumentsIt() {
    ApiRequest r = OktaRequests.listUsers(UserQuery.standard(), 200, OktaRequests.EVERY_USER);

    assertThat(r.resolve(URI.create("https://acme.okta.com")).toString()).isEqualTo(
        "https://acme.okta.com/api/v1/users?limit=200&filter=lastUpdated%20gt%20%221970-01-01T00:00:00.000Z%22");
    assertThat(r.label()).isEqualTo("list users");
  }
}
