package io.github.usersync.okta;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.okta.OktaFixture.FIXTURES;
import static io.github.usersync.okta.OktaFixture.SERVER_NOW;
import static io.github.usersync.okta.OktaFixture.okta;
import static io.github.usersync.okta.OktaFixture.oktaError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.AuthenticationFailedException;
import io.github.usersync.core.PermissionDeniedException;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.EndpointCheck;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signing in as an OAuth 2.0 service app with a private_key_jwt client assertion. */
class OktaServiceAppTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private static final String CLIENT_ID = "0oa8f5j3ecb5xg0Hm1d7";
  private static final KeyPair keys = generate();

  private final OktaFixture.RecordingSleeper sleeper = new OktaFixture.RecordingSleeper();

  private static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem() {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----";
  }

  private OktaDirectory directory(String scopes) {
    OktaSettings settings = OktaSettings.builder()
        .baseUrl(URI.create(wm.baseUrl()))
        .clientId(CLIENT_ID)
        .privateKey(Secret.of(pem()))
        .keyId("usersync-2024")
        .scopes(scopes)
        .pageSize(3)
        .build();
    return OktaDirectory.create(settings,
        ConnectorOptions.builder().sleeper(sleeper).clock(Clock.fixed(SERVER_NOW, ZoneOffset.UTC)).build());
  }

  private OktaDirectory directory() {
    return directory(OktaSettings.DEFAULT_SCOPES);
  }

  private static Map<String, String> form(LoggedRequest r) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : r.getBodyAsString().split("&", -1)) {
      int eq = pair.indexOf('=');
      m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  private static JsonNode part(String jwt, int i) {
    return OktaFixture.tree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.", -1)[i]), StandardCharsets.UTF_8));
  }

  private static void tokenAnswers(int status, String variant) {
    wm.stubFor(post("/oauth2/v1/token").willReturn(okta(FIXTURES.json("token", variant)).withStatus(status)));
  }

  @Test
  void fetchesATokenWithASignedClientAssertionAndSendsItAsBearer() throws Exception {
    tokenAnswers(200, "success");
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).willReturn(okta(FIXTURES.json("users", "page1"))));
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups")).willReturn(okta(FIXTURES.json("groups", "page2"))));
    OktaDirectory d = directory();

    assertThat(d.users(UserQuery.standard()).count()).isEqualTo(3);
    assertThat(d.groups().count()).isEqualTo(1);

    // One token for both calls: it lives an hour.
    wm.verify(1, postRequestedFor(urlPathEqualTo("/oauth2/v1/token")));
    LoggedRequest token = wm.findAll(postRequestedFor(urlPathEqualTo("/oauth2/v1/token"))).get(0);
    assertThat(token.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(token.containsHeader("Authorization")).isFalse();
    Map<String, String> form = form(token);
    assertThat(form).containsEntry("grant_type", "client_credentials")
        .containsEntry("scope", "okta.users.read okta.groups.read")
        .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    String jwt = java.util.Objects.requireNonNull(form.get("client_assertion"), "client_assertion");
    String[] parts = jwt.split("\\.", -1);
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initVerify(keys.getPublic());
    s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(s.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    assertThat(part(jwt, 0).path("alg").asText()).isEqualTo("RS256");
    assertThat(part(jwt, 0).path("kid").asText()).isEqualTo("usersync-2024");
    JsonNode claims = part(jwt, 1);
    assertThat(claims.path("iss").asText()).isEqualTo(CLIENT_ID);
    assertThat(claims.path("sub").asText()).isEqualTo(CLIENT_ID);
    assertThat(claims.path("aud").asText()).isEqualTo(wm.baseUrl() + "/oauth2/v1/token");
    assertThat(claims.path("jti").asText()).isNotBlank();
    assertThat(claims.path("iat").asLong()).isEqualTo(SERVER_NOW.getEpochSecond() - 30);
    // Okta allows at most an hour.
    assertThat(claims.path("exp").asLong()).isLessThanOrEqualTo(SERVER_NOW.getEpochSecond() + 3600)
        .isGreaterThan(SERVER_NOW.getEpochSecond());

    String access = FIXTURES.json("token", "success");
    String bearer = "Bearer " + OktaFixture.tree(access).path("access_token").asText();
    wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/users")).withHeader("Authorization", equalTo(bearer)));
    wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/groups")).withHeader("Authorization", equalTo(bearer)));
  }

  @Test
  void aRejectedClientAssertionSaysWhichSettingsToCheck() {
    tokenAnswers(401, "invalid-client");

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOfSatisfying(AuthenticationFailedException.class, e -> {
          assertThat(e.errorCode()).contains("invalid_client");
          assertThat(e.providerMessage()).contains("The client_assertion signature is invalid.");
          assertThat(e.fix()).hasValueSatisfying(f -> assertThat(f).contains("clientId").contains("privateKey")
              .contains("Public key / Private key").contains("keyId"));
          assertThat(e.endpoint()).isEqualTo("POST " + wm.baseUrl() + "/oauth2/v1/token");
        });
  }

  @Test
  void anAppThatRequiresDpopIsToldToTurnItOff() {
    tokenAnswers(400, "dpop-required");

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOfSatisfying(AuthenticationFailedException.class, e -> {
          assertThat(e.errorCode()).contains("invalid_dpop_proof");
          assertThat(e.fix()).hasValueSatisfying(f -> assertThat(f).contains("Require Demonstrating Proof of Possession"));
        });
  }

  @Test
  void aScopeNotGrantedToTheAppIsAPermissionProblem() {
    tokenAnswers(400, "invalid-scope");

    assertThatThrownBy(() -> directory().groups().count())
        .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
          assertThat(e.errorCode()).contains("invalid_scope");
          assertThat(e.providerMessage()).hasValueSatisfying(m -> assertThat(m).contains("okta.groups.read"));
        });
  }

  @Test
  void aTokenWithoutTheGroupsScopeIsToldWhichScopeToGrant() {
    tokenAnswers(200, "success");
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups")).willReturn(oktaError(403, "forbidden")
        .withHeader("WWW-Authenticate", "Bearer authorization_uri=\"http://acme.okta.com/oauth2/v1/authorize\", realm=\"IdpRealm\","
            + " scope=\"okta.groups.read\", error=\"insufficient_scope\", error_description=\"The access token provided does not"
            + " contain the required scopes.\", resource=\"/api/v1/groups\"")));

    assertThatThrownBy(() -> directory().groups().count())
        .isInstanceOfSatisfying(PermissionDeniedException.class, e -> assertThat(e.fix())
            .hasValueSatisfying(f -> assertThat(f).contains("lacks the scope okta.groups.read").contains("Okta API Scopes")));
  }

  @Test
  void aRoleThatCannotReadGroupsIsToldWhichRoleToAssign() {
    tokenAnswers(200, "success");
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups")).willReturn(oktaError(403, "forbidden")));

    assertThatThrownBy(() -> directory().groups().count())
        .isInstanceOfSatisfying(PermissionDeniedException.class, e -> assertThat(e.fix())
            .hasValueSatisfying(f -> assertThat(f).contains("admin role cannot read groups").contains("Admin roles")));
  }

  @Test
  void aScopeLeftOutOfTheSettingIsNamed() {
    tokenAnswers(200, "success");
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups")).willReturn(oktaError(403, "forbidden")));

    assertThatThrownBy(() -> directory("okta.users.read").groups().count())
        .isInstanceOfSatisfying(PermissionDeniedException.class, e -> assertThat(e.fix())
            .hasValueSatisfying(f -> assertThat(f).contains("lacks the scope okta.groups.read").contains("now 'okta.users.read'")));
  }

  @Test
  void aRejectedAccessTokenIsReplacedOnceThenReported() {
    tokenAnswers(200, "success");
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).willReturn(oktaError(401, "invalid-token")));

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOfSatisfying(AuthenticationFailedException.class, e -> assertThat(e.fix())
            .hasValueSatisfying(f -> assertThat(f).contains("service app's access token")));
    wm.verify(2, postRequestedFor(urlPathEqualTo("/oauth2/v1/token")));
    wm.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/users")));
  }

  @Test
  void theConnectionCheckStartsWithTheTokenAndSkipsTheRestWhenItFails() {
    tokenAnswers(401, "invalid-client");

    ConnectionReport report = directory().checkConnection();

    assertThat(report.ok()).isFalse();
    EndpointCheck token = report.checks().get(0);
    assertThat(token.name()).isEqualTo("token");
    assertThat(token.endpoint()).isEqualTo("POST " + wm.baseUrl() + "/oauth2/v1/token");
    assertThat(token.status()).isEqualTo(EndpointCheck.Status.FAILED);
    assertThat(token.httpStatus()).hasValue(401);
    assertThat(token.problem()).hasValueSatisfying(p -> assertThat(p).contains("invalid_client"));
    assertThat(token.fix()).hasValueSatisfying(f -> assertThat(f).contains("clientId"));
    assertThat(report.checks().subList(1, report.checks().size()))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(EndpointCheck.Status.SKIPPED));
    assertThat(report.toText()).doesNotContain("PRIVATE KEY");
  }
}
