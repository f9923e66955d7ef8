package io.github.usersync.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.google.GoogleTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.AuthenticationFailedException;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.settings.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GoogleOAuthConsentTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static final String CLIENT_ID = "123456789012-abc+def.apps.googleusercontent.com";
  private static final String SECRET = "GOCSPX-consent-secret";
  private static final String REDIRECT = "https://jira.example.com/plugins/servlet/usersync/google?x=1&y=2";

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private GoogleOAuthConsent consent() {
    return GoogleOAuthConsent.builder(CLIENT_ID, Secret.of(SECRET))
        .tokenUrl(URI.create(wm.baseUrl() + "/token"))
        .build();
  }

  @Test
  void buildsAConsentUrlForOfflineAccessWithEveryValueEncoded() {
    URI url = GoogleOAuthConsent.consentUrl(CLIENT_ID, REDIRECT, GoogleSettings.DEFAULT_SCOPES, "st&ate=1 2");

    assertThat(url.toString()).startsWith("https://accounts.google.com/o/oauth2/v2/auth?");
    Map<String, String> q = query(url);
    assertThat(q).containsEntry("response_type", "code")
        .containsEntry("client_id", CLIENT_ID)
        .containsEntry("redirect_uri", REDIRECT)
        .containsEntry("scope", String.join(" ", GoogleSettings.DEFAULT_SCOPES))
        .containsEntry("access_type", "offline")
        .containsEntry("prompt", "consent")
        .containsEntry("state", "st&ate=1 2");
    assertThat(url.getRawQuery())
        .contains("client_id=123456789012-abc%2Bdef.apps.googleusercontent.com")
        .contains("redirect_uri=https%3A%2F%2Fjira.example.com%2Fplugins%2Fservlet%2Fusersync%2Fgoogle%3Fx%3D1%26y%3D2")
        .contains("state=st%26ate%3D1+2");
  }

  @Test
  void exchangesTheCodeForTheRefreshToken() {
    wm.stubFor(post("/token").willReturn(okJson(fixture("token", "authorizationCode"))));

    Secret refresh = consent().exchangeCode("4/0AeanS0b-code+with/odd=chars", REDIRECT);

    assertThat(refresh.reveal()).isEqualTo("1//0gTestRefreshToken-abc_DEF");
    assertThat(refresh.toString()).isEqualTo("****");
    String body = wm.findAll(postRequestedFor(urlEqualTo("/token"))).get(0).getBodyAsString();
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    assertThat(form).containsEntry("grant_type", "authorization_code")
        .containsEntry("code", "4/0AeanS0b-code+with/odd=chars")
        .containsEntry("redirect_uri", REDIRECT)
        .containsEntry("client_id", CLIENT_ID)
        .containsEntry("client_secret", SECRET);
  }

  @Test
  void anAnswerWithoutARefreshTokenSaysWhy() {
    wm.stubFor(post("/token").willReturn(okJson(fixture("token", "authorizationCodeNoRefresh"))));

    assertThatThrownBy(() -> consent().exchangeCode("4/code", REDIRECT))
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("access_type=offline")
        .hasMessageContaining("prompt=consent");
  }

  @Test
  void aUsedCodeIsExplainedAndNotRetried() {
    wm.stubFor(post("/token").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Bad Request\"}")));

    assertThatThrownBy(() -> consent().exchangeCode("4/code", REDIRECT))
        .isInstanceOfSatisfying(AuthenticationFailedException.class, e -> {
          assertThat(e.fix()).hasValueSatisfying(f -> assertThat(f).contains("works once"));
          assertThat(e.getMessage()).doesNotContain(SECRET);
        });
    wm.verify(1, postRequestedFor(urlEqualTo("/token")));
  }

  @Test
  void theInstanceConsentUrlUsesTheConfiguredEndpoint() {
    GoogleOAuthConsent c =
        GoogleOAuthConsent.builder(CLIENT_ID, Secret.of(SECRET))
            .authorizationUrl(URI.create(wm.baseUrl() + "/auth"))
            .build();

    URI url = c.consentUrl("http://127.0.0.1:8080/cb", List.of(GoogleSettings.SCOPE_USER_READONLY), "s");

    assertThat(url.toString()).startsWith(wm.baseUrl() + "/auth?response_type=code&client_id=");
    assertThat(query(url)).containsEntry("scope", GoogleSettings.SCOPE_USER_READONLY);
    assertThat(c.toString()).doesNotContain(SECRET);
  }
}
