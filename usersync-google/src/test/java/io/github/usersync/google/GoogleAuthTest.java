package io.github.usersync.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.usersync.google.GoogleTestSupport.ADMIN;
import static io.github.usersync.google.GoogleTestSupport.ALICE;
import static io.github.usersync.google.GoogleTestSupport.API;
import static io.github.usersync.google.GoogleTestSupport.KEY_ID;
import static io.github.usersync.google.GoogleTestSupport.SA_CLIENT_ID;
import static io.github.usersync.google.GoogleTestSupport.SA_EMAIL;
import static io.github.usersync.google.GoogleTestSupport.fixture;
import static io.github.usersync.google.GoogleTestSupport.googleJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.usersync.core.AuthenticationFailedException;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class GoogleAuthTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @TempDir Path dir;

  private final GoogleTestSupport.RecordingSleeper sleeper = new GoogleTestSupport.RecordingSleeper();

  @BeforeEach
  void serve() {
    GoogleTestSupport.stubDirectory(wm);
  }

  private static Map<String, String> form(LoggedRequest r) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : r.getBodyAsString().split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static JsonNode part(String jwt, int i) {
    return GoogleTestSupport.read(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[i]), StandardCharsets.UTF_8));
  }

  @Test
  void signsAJwtBearerAssertionWithTheKeyFromTheJsonKeyFile() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    GoogleDirectory d =
        GoogleDirectory.builder(GoogleTestSupport.serviceAccountSettings(wm.baseUrl()).build())
            .clock(clock).sleeper(sleeper).build();

    assertThat(d.user(ALICE, UserQuery.standard())).isPresent();

    LoggedRequest tokenRequest = wm.findAll(postRequestedFor(urlEqualTo("/token"))).get(0);
    assertThat(tokenRequest.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    Map<String, String> form = form(tokenRequest);
    assertThat(form.keySet()).containsExactly("grant_type", "assertion");
    assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
    String jwt = java.util.Objects.requireNonNull(form.get("assertion"));
    JsonNode header = part(jwt, 0);
    JsonNode claims = part(jwt, 1);
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(header.path("typ").asText()).isEqualTo("JWT");
    assertThat(header.path("kid").asText()).isEqualTo(KEY_ID);
    assertThat(claims.path("iss").asText()).isEqualTo(SA_EMAIL);
    assertThat(claims.path("sub").asText()).isEqualTo(ADMIN);
    assertThat(claims.path("aud").asText()).isEqualTo(wm.baseUrl() + "/token");
    assertThat(claims.path("scope").asText()).isEqualTo(
        "https://www.googleapis.com/auth/admin.directory.user.readonly"
            + " https://www.googleapis.com/auth/admin.directory.group.readonly");
    assertThat(claims.path("iat").asLong()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3600);
    Signature v = Signature.getInstance("SHA256withRSA");
    v.initVerify(GoogleTestSupport.KEYS.getPublic());
    v.update(jwt.substring(0, jwt.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII));
    assertThat(v.verify(Base64.getUrlDecoder().decode(jwt.substring(jwt.lastIndexOf('.') + 1)))).isTrue();

    wm.verify(getRequestedFor(urlPathEqualTo(API + "/users/" + ALICE))
        .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + GoogleTestSupport.ACCESS_TOKEN)));
  }

  @Test
  void readsTheKeyFromAFileAndCachesTheToken() throws Exception {
    Path key = dir.resolve("usersync-test-3f1ab2c4d5e6.json");
    Files.write(key, GoogleTestSupport.serviceAccountKeyJson().getBytes(StandardCharsets.UTF_8));
    GoogleDirectory d =
        GoogleDirectory.builder(
                GoogleSettings.builder().serviceAccountKeyFile(key).adminEmail(ADMIN)
                    .baseUrl(URI.create(wm.baseUrl())).tokenUrl(URI.create(wm.baseUrl() + "/token")).build())
            .sleeper(sleeper).build();

    assertThat(d.user(ALICE, UserQuery.standard())).isPresent();
    assertThat(d.groups().count()).isEqualTo(3);

    wm.verify(1, postRequestedFor(urlEqualTo("/token")));
  }

  @Test
  void usesTheRefreshTokenGrantWithAnOAuthClient() {
    GoogleDirectory d =
        GoogleDirectory.builder(
                GoogleSettings.builder()
                    .clientId("123456789012-abcdefg.apps.googleusercontent.com")
                    .clientSecret(Secret.of("GOCSPX-client-secret-value"))
                    .refreshToken(Secret.of("1//0gRefreshTokenValue"))
                    .baseUrl(URI.create(wm.baseUrl()))
                    .tokenUrl(URI.create(wm.baseUrl() + "/token"))
                    .build())
            .sleeper(sleeper).build();

    assertThat(d.user(ALICE, UserQuery.standard())).isPresent();

    Map<String, String> form = form(wm.findAll(postRequestedFor(urlEqualTo("/token"))).get(0));
    assertThat(form).containsEntry("grant_type", "refresh_token")
        .containsEntry("client_id", "123456789012-abcdefg.apps.googleusercontent.com")
        .containsEntry("client_secret", "GOCSPX-client-secret-value")
        .containsEntry("refresh_token", "1//0gRefreshTokenValue");
  }

  @Test
  void fetchesANewTokenOnceWhenTheApiAnswers401() {
    wm.stubFor(post("/token").inScenario("tokens").whenScenarioStateIs(STARTED)
        .willReturn(okJson(fixture("token", "success"))).willSetStateTo("second"));
    wm.stubFor(post("/token").inScenario("tokens").whenScenarioStateIs("second")
        .willReturn(okJson(fixture("token", "second"))));
    wm.stubFor(get(urlPathEqualTo(API + "/users/" + ALICE)).atPriority(1)
        .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + GoogleTestSupport.ACCESS_TOKEN))
        .willReturn(googleJson(401, "error", "authError")));

    assertThat(GoogleTestSupport.directory(wm, sleeper).user(ALICE, UserQuery.standard())).isPresent();

    wm.verify(2, postRequestedFor(urlEqualTo("/token")));
    wm.verify(getRequestedFor(urlPathEqualTo(API + "/users/" + ALICE))
        .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer ya29.c.c0ASRK0GZsecondtoken")));
  }

  @Test
  void explainsAnUnauthorizedClientAsMissingDomainWideDelegation() {
    wm.stubFor(post("/token").atPriority(1).willReturn(
        aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(fixture("token", "unauthorizedClient"))));

    assertThatThrownBy(() -> GoogleTestSupport.directory(wm, sleeper).users(UserQuery.standard()).count())
        .isInstanceOfSatisfying(AuthenticationFailedException.class, e -> {
          assertThat(e.errorCode()).contains("unauthorized_client");
          assertThat(e.endpoint()).contains("/token");
          assertThat(e.fix()).hasValueSatisfying(f -> assertThat(f)
              .contains("Domain-wide delegation is not granted to client id " + SA_CLIENT_ID)
              .contains("https://www.googleapis.com/auth/admin.directory.user.readonly,"
                  + "https://www.googleapis.com/auth/admin.directory.group.readonly"));
        });
    wm.verify(0, getRequestedFor(urlPathEqualTo(API + "/users")));
  }

  @Test
  void explainsAnInvalidGrantForAServiceAccountAsTheImpersonatedAdmin() {
    wm.stubFor(post("/token").atPriority(1).willReturn(
        aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(fixture("token", "invalidGrant"))));

    assertThatThrownBy(() -> GoogleTestSupport.directory(wm, sleeper).user(ALICE, UserQuery.standard()))
        .isInstanceOfSatisfying(AuthenticationFailedException.class, e ->
            assertThat(e.fix()).hasValueSatisfying(f -> assertThat(f).contains("adminEmail (" + ADMIN + ")").contains("clock")));
  }

  @Test
  void explainsARevokedRefreshToken() {
    wm.stubFor(post("/token").atPriority(1).willReturn(
        aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(fixture("token", "refreshRevoked"))));
    GoogleDirectory d =
        GoogleDirectory.builder(
                GoogleSettings.builder().clientId("client").clientSecret(Secret.of("GOCSPX-client-secret-value"))
                    .refreshToken(Secret.of("1//0gRefreshTokenValue"))
                    .baseUrl(URI.create(wm.baseUrl())).tokenUrl(URI.create(wm.baseUrl() + "/token")).build())
            .sleeper(sleeper).build();

    assertThatThrownBy(() -> d.user(ALICE, UserQuery.standard()))
        .isInstanceOfSatisfying(AuthenticationFailedException.class, e -> {
          assertThat(e.fix()).hasValueSatisfying(f -> assertThat(f).contains("GoogleOAuthConsent"));
          assertThat(e.getMessage()).doesNotContain("GOCSPX-client-secret-value").doesNotContain("1//0gRefreshTokenValue");
        });
  }

  @Test
  void neverPutsTheKeyOrItsIdInMessages() {
    // Google echoing the request would be unusual; the masking must hold anyway.
    wm.stubFor(post("/token").atPriority(1).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":\"invalid_request\",\"error_description\":\"bad key id " + KEY_ID + "\"}")));

    assertThatThrownBy(() -> GoogleTestSupport.directory(wm, sleeper).user(ALICE, UserQuery.standard()))
        .isInstanceOf(UsersyncException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY_ID).contains("****"));
  }

  @Test
  void aKeyThatIsNotJsonIsRefusedWithoutQuotingIt() {
    String notJson = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    GoogleSettings settings =
        GoogleSettings.builder().serviceAccountKey(Secret.of(notJson)).adminEmail(ADMIN)
            .baseUrl(URI.create(wm.baseUrl())).build();

    assertThatThrownBy(() -> GoogleDirectory.create(settings))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.key()).contains("serviceAccountKey");
          assertThat(e.getMessage()).doesNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
        });
  }

  @Test
  void aKeyWithAKeyTwiceIsRefusedNamingTheKeyAndTheLine() {
    // Without duplicate detection the last client_email wins: an edited file could act as another
    // service account than the one its first lines show.
    String key = GoogleTestSupport.serviceAccountKeyJson()
        .replaceFirst("\\{\n", "{\n  \"client_email\" : \"other@usersync-test.iam.gserviceaccount.com\",\n");
    int line = 1 + (int) key.substring(0, key.lastIndexOf("\"client_email\"")).chars().filter(c -> c == '\n').count();
    GoogleSettings settings =
        GoogleSettings.builder().serviceAccountKey(Secret.of(key)).adminEmail(ADMIN)
            .baseUrl(URI.create(wm.baseUrl())).build();

    assertThatThrownBy(() -> GoogleDirectory.create(settings))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.key()).contains("serviceAccountKey");
          assertThat(e.getMessage()).contains("has the key 'client_email' twice (again at line " + line + ")")
              .doesNotContain("PRIVATE KEY").doesNotContain(KEY_ID);
        });
  }

  @Test
  void aKeyFileThatDoesNotExistNamesTheSetting() {
    GoogleSettings settings =
        GoogleSettings.builder().serviceAccountKeyFile(dir.resolve("missing.json")).adminEmail(ADMIN).build();

    assertThatThrownBy(() -> GoogleDirectory.create(settings))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.key()).contains("serviceAccountKeyFile");
          assertThat(e.getMessage()).contains("missing.json").contains("cannot be read");
        });
  }

  @Test
  void anOAuthClientKeyFileIsRefusedWithTheRightAdvice() {
    GoogleSettings settings =
        GoogleSettings.builder()
            .serviceAccountKey(Secret.of("{\"type\":\"authorized_user\",\"client_id\":\"x\",\"client_secret\":\"y\"}"))
            .adminEmail(ADMIN).build();

    assertThatThrownBy(() -> GoogleDirectory.create(settings))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("authorized_user")
        .hasMessageContaining("refreshToken");
  }
}
