package io.github.usersync.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.entra.Graph.CLIENT_ID;
import static io.github.usersync.entra.Graph.CLIENT_SECRET;
import static io.github.usersync.entra.Graph.TENANT;
import static io.github.usersync.entra.Graph.TOKEN_PATH;
import static io.github.usersync.entra.Graph.json;
import static io.github.usersync.entra.Graph.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.usersync.core.AuthenticationFailedException;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.http.Pem;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EntraAuthTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private static final String CERT = Graph.resource("certs/app-cert.pem");
  private static final String KEY = Graph.resource("certs/app-key.pem");
  private static final String OTHER_KEY = Graph.resource("certs/other-key.pem");

  private EntraSettings.Builder secretSettings() {
    return Graph.settings(wm);
  }

  private EntraSettings.Builder certificateSettings() {
    return EntraSettings.builder()
        .tenant(TENANT)
        .clientId(CLIENT_ID)
        .certificate(CERT)
        .privateKey(Secret.of(KEY))
        .loginBaseUrl(URI.create(wm.baseUrl()))
        .baseUrl(URI.create(wm.baseUrl()));
  }

  private void stubUsers() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users")).willReturn(ok("users", "page3", wm)));
  }

  private static Map<String, String> form(LoggedRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : request.getBodyAsString().split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return out;
  }

  private static Map<String, String> onlyTokenRequest() {
    List<LoggedRequest> requests = wm.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    return form(requests.get(0));
  }

  @Test
  void aClientSecretIsSentWithTheClientCredentialsGrantAndTheGraphDefaultScope() {
    Graph.stubToken(wm);
    stubUsers();
    EntraDirectory d = Graph.open(secretSettings().build());

    d.users(UserQuery.standard()).forEach(u -> {});
    d.users(UserQuery.standard()).forEach(u -> {});

    assertThat(onlyTokenRequest()).as("one token for both reads").containsExactly(
        Map.entry("grant_type", "client_credentials"),
        Map.entry("client_id", CLIENT_ID),
        Map.entry("scope", "https://graph.microsoft.com/.default"),
        Map.entry("client_secret", CLIENT_SECRET));
  }

  @Test
  void aCertificateSendsAnRs256AssertionWithBothThumbprintsForTheTokenEndpoint() throws Exception {
    Graph.stubToken(wm);
    stubUsers();
    EntraSettings settings = certificateSettings().build();

    Graph.open(settings).users(UserQuery.standard()).forEach(u -> {});

    Map<String, String> form = onlyTokenRequest();
    assertThat(form).doesNotContainKey("client_secret")
        .containsEntry("grant_type", "client_credentials")
        .containsEntry("client_id", CLIENT_ID)
        .containsEntry("scope", "https://graph.microsoft.com/.default")
        .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    String[] jwt = Objects.requireNonNull(form.get("client_assertion")).split("\\.");
    assertThat(jwt).hasSize(3);
    JsonNode header = Graph.tree(new String(Base64.getUrlDecoder().decode(jwt[0]), StandardCharsets.UTF_8));
    JsonNode claims = Graph.tree(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
    X509Certificate cert = Pem.certificate("certificate", CERT);
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(header.path("typ").asText()).isEqualTo("JWT");
    assertThat(header.path("x5t").asText()).isEqualTo(Pem.x5t(cert));
    assertThat(header.path("x5t#S256").asText()).isEqualTo(Pem.x5tS256(cert));
    assertThat(claims.path("aud").asText()).isEqualTo(wm.baseUrl() + TOKEN_PATH);
    assertThat(claims.path("aud").asText()).isEqualTo(settings.tokenUrl().toString());
    assertThat(claims.path("iss").asText()).isEqualTo(CLIENT_ID);
    assertThat(claims.path("sub").asText()).isEqualTo(CLIENT_ID);
    assertThat(claims.path("jti").asText()).isNotBlank();
    long nbf = claims.path("nbf").asLong();
    assertThat(claims.path("exp").asLong() - nbf).isPositive().isLessThanOrEqualTo(600);
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(cert.getPublicKey());
    rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rsa.verify(Base64.getUrlDecoder().decode(jwt[2]))).as("signature verifies").isTrue();
  }

  @Test
  void aPrivateKeyOfAnotherCertificateIsRefusedWhenTheSettingsAreBuilt() {
    assertThatThrownBy(() -> certificateSettings().privateKey(Secret.of(OTHER_KEY)).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("privateKey: does not belong to the certificate")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("PRIVATE KEY"));
  }

  @Test
  void aWrongSecretSaysToUseTheSecretsValueAndNeverShowsIt() {
    wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(json(401, "token", "invalid-secret", wm)));
    EntraDirectory d = Graph.open(secretSettings().build());

    assertThatThrownBy(() -> d.users(UserQuery.standard()).count())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("invalid_client")
        .hasMessageContaining("AADSTS7000215")
        .hasMessageContaining("not its Secret ID")
        .hasMessageContaining("trace 0b8a7c6d-1e2f-4a3b-9c8d-7e6f5a4b3c2d")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET).doesNotContain("Timestamp"));
    wm.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
  }

  @Test
  void anUnknownTenantSaysToCheckTenantAndCloud() {
    wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(json(400, "token", "tenant-not-found", wm)));

    assertThatThrownBy(() -> Graph.open(secretSettings().build()).users(UserQuery.standard()).count())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("AADSTS90002")
        .hasMessageContaining("was not found in the global cloud");
  }

  @Test
  void aRejectedAssertionSaysToUploadTheCertificate() {
    wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(json(401, "token", "bad-assertion", wm)));

    assertThatThrownBy(() -> Graph.open(certificateSettings().build()).users(UserQuery.standard()).count())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("AADSTS700027")
        .hasMessageContaining("upload the certificate");
  }
}
