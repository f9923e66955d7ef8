package io.github.usersync.scim;

import static io.github.usersync.scim.Calls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.SyncListener;
import io.github.usersync.core.sync.SyncMode;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncReport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Authentication, the size cap, the deletion window, protected groups and the delete policy. */
class SafetyTest {
  private final InMemoryTarget host = InMemoryTarget.create();
  private final MutableClock clock = new MutableClock();
  private final List<SyncReport> reports = new CopyOnWriteArrayList<>();
  private ScimServiceProvider scim = provider(SyncPolicy.defaults());
  private Calls c = new Calls(scim);

  private ScimServiceProvider provider(SyncPolicy policy) {
    return ScimServiceProvider.builder(host)
        .authentication(ScimAuthentication.bearerToken(Secret.of(Calls.TOKEN)))
        .policy(policy)
        .protectedGroups(Set.of("jira-administrators"))
        .destructiveLimit(2, Duration.ofMinutes(10))
        .maxRequestBytes(4096)
        .clock(clock)
        .listener(new SyncListener() {
          @Override
          public void finished(SyncReport report) {
            reports.add(report);
          }
        })
        .build();
  }

  @AfterEach
  void close() {
    scim.close();
  }

  private String createUser(String name) {
    ScimResponse r = c.call("POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
        + "\"userName\":\"" + name + "\",\"externalId\":\"ext-" + name + "\",\"active\":true,"
        + "\"emails\":[{\"value\":\"" + name + "@example.com\",\"type\":\"work\",\"primary\":true}]}");
    assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
    return json(r).path("id").asText();
  }

  @Test
  void requestsWithoutTheRightBearerTokenAreRefused() {
    ScimResponse none = scim.handle(ScimRequest.builder().method("GET").path("/Users").build());
    ScimResponse wrong = scim.handle(ScimRequest.builder().method("GET").path("/Users")
        .putHeaders("authorization", "Bearer not-the-token").build());
    ScimResponse basic = scim.handle(ScimRequest.builder().method("GET").path("/Users")
        .putHeaders("Authorization", "Basic " + Calls.TOKEN).build());

    for (ScimResponse r : List.of(none, wrong, basic)) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).contains("Bearer realm=\"usersync-scim\"");
      assertThat(r.bodyText()).doesNotContain(Calls.TOKEN).doesNotContain("not-the-token");
    }
    assertThat(c.get("/Users").status()).isEqualTo(200);
    assertThat(scim.toString()).doesNotContain(Calls.TOKEN);
  }

  @Test
  void clientCredentialsIssueShortLivedTokens() {
    ScimServiceProvider oauth = ScimServiceProvider.builder(host)
        .authentication(ScimAuthentication.clientCredentials("entra", Secret.of("s3cr3t-value"), Duration.ofMinutes(5), clock))
        .build();
    try {
      ScimResponse bad = oauth.handle(form("grant_type=client_credentials&client_id=entra&client_secret=wrong"));
      assertThat(bad.status()).isEqualTo(401);
      assertThat(Calls.json(bad).path("error").asText()).isEqualTo("invalid_client");
      ScimResponse ok = oauth.handle(form("grant_type=client_credentials&client_id=entra&client_secret=s3cr3t-value"));
      assertThat(ok.status()).isEqualTo(200);
      String token = Calls.json(ok).path("access_token").asText();
      assertThat(Calls.json(ok).path("expires_in").asLong()).isEqualTo(300);
      ScimRequest get = ScimRequest.builder().method("GET").path("/ServiceProviderConfig")
          .putHeaders("Authorization", "Bearer " + token).build();
      assertThat(oauth.handle(get).status()).isEqualTo(200);
      clock.advance(Duration.ofMinutes(6));
      assertThat(oauth.handle(get).status()).isEqualTo(401);
      assertThat(oauth.toString()).doesNotContain("s3cr3t-value");
    } finally {
      oauth.close();
    }
  }

  private static ScimRequest form(String body) {
    return ScimRequest.builder().method("POST").path("/oauth/token")
        .putHeaders("Content-Type", "application/x-www-form-urlencoded")
        .body(body.getBytes(StandardCharsets.UTF_8)).build();
  }

  @Test
  void bodiesOverTheCapAreRefusedWith413() {
    String big = "{\"userName\":\"" + "x".repeat(5000) + "\"}";
    ScimResponse r = c.call("POST", "/Users", big);
    assertThat(r.status()).isEqualTo(413);
    assertThat(host.users()).isEmpty();
  }

  @Test
  void aBurstOfDeactivationsIsHeldBackReportedAndRetriedLater() {
    String a = createUser("ann");
    String b = createUser("bob");
    String d = createUser("dan");
    String deactivate = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
        + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}";

    assertThat(c.call("PATCH", "/Users/" + a, deactivate).status()).isEqualTo(200);
    assertThat(c.call("DELETE", "/Users/" + b, "").status()).isEqualTo(204);
    reports.clear();
    ScimResponse held = c.call("PATCH", "/Users/" + d, deactivate);

    assertThat(held.status()).isEqualTo(503);
    assertThat(held.header("Retry-After")).contains("601");
    assertThat(json(held).path("detail").asText()).contains("held back");
    assertThat(host.userByExternalId("ext-dan").orElseThrow().active()).isTrue();
    assertThat(json(c.get("/Users/" + d)).path("active").asBoolean()).as("not stored either").isTrue();
    SyncReport report = reports.get(0);
    assertThat(report.mode()).isEqualTo(SyncMode.PUSH);
    assertThat(report.outcomes()).anySatisfy(o -> {
      assertThat(o.status()).isEqualTo(ChangeOutcome.Status.SKIPPED);
      assertThat(o.change().destructive()).isTrue();
    });

    clock.advance(Duration.ofMinutes(11));
    assertThat(c.call("PATCH", "/Users/" + d, deactivate).status()).isEqualTo(200);
    assertThat(host.userByExternalId("ext-dan").orElseThrow().active()).isFalse();
  }

  @Test
  void deleteDeactivatesUnlessThePolicySaysDelete() {
    String a = createUser("amy");
    assertThat(c.call("DELETE", "/Users/" + a, "").status()).isEqualTo(204);
    assertThat(host.userByExternalId("ext-amy")).map(HostUser::active).contains(false);

    scim.close();
    scim = provider(SyncPolicy.builder().missingUsers(SyncPolicy.MissingUserAction.DELETE).build());
    c = new Calls(scim);
    String b = createUser("ben");
    assertThat(c.call("DELETE", "/Users/" + b, "").status()).isEqualTo(204);
    assertThat(host.userByExternalId("ext-ben")).isEmpty();
  }

  @Test
  void protectedGroupsAreRefusedWithAScimError() {
    String a = createUser("eve");
    ScimResponse r = c.call("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
        + "\"displayName\":\"jira-administrators\",\"members\":[{\"value\":\"" + a + "\"}]}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(json(r).path("scimType").asText()).isEqualTo("mutability");
    assertThat(host.groupsOfUser(host.userByExternalId("ext-eve").orElseThrow().key())).isEmpty();
    assertThat(json(c.get("/Groups")).path("totalResults").asInt()).isZero();
  }

  @Test
  void aUserTheHostRefusesIsNotStoredAndTheClientIsTold() {
    InMemoryTarget refusing = InMemoryTarget.builder().rejecting((op, subject) -> subject.equals("zed")).build();
    ScimServiceProvider p = ScimServiceProvider.builder(refusing)
        .authentication(ScimAuthentication.bearerToken(Secret.of(Calls.TOKEN))).build();
    try {
      ScimResponse r = new Calls(p).call("POST", "/Users", "{\"userName\":\"zed\",\"externalId\":\"x1\"}");
      assertThat(r.status()).isEqualTo(500);
      assertThat(json(r).path("detail").asText()).contains("zed");
      assertThat(json(new Calls(p).get("/Users")).path("totalResults").asInt()).isZero();
    } finally {
      p.close();
    }
  }

  @Test
  void listsPageByStartIndexAndCountAndFilter() {
    for (String n : List.of("u1", "u2", "u3", "u4", "u5")) {
      createUser(n);
    }
    JsonNode page = json(c.get("/Users?startIndex=2&count=2"));
    assertThat(page.path("totalResults").asInt()).isEqualTo(5);
    assertThat(page.path("startIndex").asInt()).isEqualTo(2);
    assertThat(page.path("itemsPerPage").asInt()).isEqualTo(2);
    assertThat(page.path("Resources").get(0).path("userName").asText()).isEqualTo("u2");
    JsonNode filtered = json(c.get("/Users?filter=" + enc("userName sw \"u\" and not (userName eq \"U3\") and emails[type eq \"work\"].value co \"@example\"")));
    assertThat(filtered.path("totalResults").asInt()).isEqualTo(4);
    ScimResponse invalid = c.get("/Users?filter=" + enc("userName xx \"u\""));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(json(invalid).path("scimType").asText()).isEqualTo("invalidFilter");
    assertThat(json(c.get("/Users?attributes=userName")).path("Resources").get(0).has("emails")).isFalse();
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void discoveryDocumentsAreServed() {
    JsonNode spc = json(c.get("/ServiceProviderConfig"));
    assertThat(spc.path("patch").path("supported").asBoolean()).isTrue();
    assertThat(spc.path("meta").path("location").asText()).isEqualTo("https://host.example.com/scim/v2/ServiceProviderConfig");
    assertThat(json(c.get("/ResourceTypes")).path("totalResults").asInt()).isEqualTo(2);
    assertThat(json(c.get("/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")).path("name").asText())
        .isEqualTo("EnterpriseUser");
  }

  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

}
