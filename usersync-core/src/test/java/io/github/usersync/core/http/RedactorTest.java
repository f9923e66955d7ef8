package io.github.usersync.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.settings.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Every form of every secret is masked (issue 19, problem 3). */
class RedactorTest {
  // A Google refresh token starts with "1//"; the rest has characters every encoding changes.
  private static final String REFRESH = "1//0gLx-Zq8~r+e/fr=esh\"tok&en";

  private final Redactor r = Redactor.create().add(Secret.of(REFRESH));

  @Test
  void masksTheLiteralValue() {
    assertThat(r.redact("token " + REFRESH + " rejected")).isEqualTo("token **** rejected");
  }

  @Test
  void masksTheUrlEncodedValueInEveryCommonStyle() {
    String form = URLEncoder.encode(REFRESH, StandardCharsets.UTF_8);
    assertThat(form).startsWith("1%2F%2F");
    assertThat(r.redact("refresh_token=" + form + "&grant_type=refresh_token"))
        .isEqualTo("refresh_token=****&grant_type=refresh_token");
    assertThat(r.redact("x=" + form.replace("+", "%20"))).isEqualTo("x=****");
    String lowerHex = java.util.regex.Pattern.compile("%[0-9A-F]{2}").matcher(form)
        .replaceAll(m -> m.group().toLowerCase(java.util.Locale.ROOT));
    assertThat(lowerHex).startsWith("1%2f%2f");
    assertThat(r.redact("x=" + lowerHex)).isEqualTo("x=****");
    assertThat(r.redact("x=" + Urls.encodeFormComponent(REFRESH))).isEqualTo("x=****");
    assertThat(r.redact("x=" + URLEncoder.encode(form, StandardCharsets.UTF_8))).isEqualTo("x=****");
  }

  @Test
  void masksTheJsonEscapedValue() {
    String escaped = "1//0gLx-Zq8~r+e/fr=esh\\\"tok&en";
    assertThat(r.redact("{\"message\":\"" + escaped + "\"}")).isEqualTo("{\"message\":\"****\"}");
    assertThat(r.redact("{\"m\":\"" + escaped.replace("/", "\\/") + "\"}")).isEqualTo("{\"m\":\"****\"}");
    assertThat(r.redact("{\"m\":\"" + escaped.replace("=", "\\u003d").replace("&", "\\u0026") + "\"}"))
        .isEqualTo("{\"m\":\"****\"}");
  }

  @Test
  void masksBase64OfTheValueAndOfAnyIdPairedWithIt() {
    String basic = Base64.getEncoder().encodeToString(("any-client-id:" + REFRESH).getBytes(StandardCharsets.UTF_8));
    assertThat(r.redact("Authorization: Basic " + basic)).isEqualTo("Authorization: Basic ****");
    String encodedPair = Base64.getEncoder().encodeToString(
        ("id%40x:" + Urls.encodeFormComponent(REFRESH)).getBytes(StandardCharsets.UTF_8));
    assertThat(r.redact("Basic " + encodedPair)).isEqualTo("Basic ****");
    String plain = Base64.getUrlEncoder().withoutPadding().encodeToString(REFRESH.getBytes(StandardCharsets.UTF_8));
    assertThat(r.redact("v=" + plain)).isEqualTo("v=****");
  }

  @Test
  void masksTheHeadOfAValueCutOffByATruncatedMessage() {
    assertThat(r.redact("the server said: " + REFRESH.substring(0, 12) + "…"))
        .isEqualTo("the server said: ****…");
  }

  @Test
  void registersRuntimeAuthorizationValuesWithTheirCredential() {
    Redactor runtime = Redactor.create().addAuthorization("Bearer eyJhbGciOi.payload.sig");
    assertThat(runtime.redact("got Bearer eyJhbGciOi.payload.sig")).isEqualTo("got ****");
    assertThat(runtime.redact("token=eyJhbGciOi.payload.sig")).isEqualTo("token=****");

    String basic = Base64.getEncoder().encodeToString("svc:p@ss w0rd".getBytes(StandardCharsets.UTF_8));
    Redactor b = Redactor.create().addAuthorization("Basic " + basic);
    assertThat(b.redact("password p@ss w0rd, form p%40ss+w0rd")).isEqualTo("password ****, form ****");
  }

  @Test
  void leavesTextWithoutSecretsAloneAndIgnoresTooShortValues() {
    Redactor shortOne = Redactor.create().addValue("abc");
    assertThat(shortOne.redact("abc abcdef")).isEqualTo("abc abcdef");
    assertThat(r.redact("GET /api/v1/users?limit=200 answered HTTP 500")).isEqualTo("GET /api/v1/users?limit=200 answered HTTP 500");
  }

  @Test
  void masksEachLineOfAPemKey() {
    String line = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
    Redactor pem = Redactor.create().add(Secret.of("-----BEGIN PRIVATE KEY-----\n" + line + "\nAAAA\n-----END PRIVATE KEY-----\n"));
    assertThat(pem.redact("key starts " + line)).isEqualTo("key starts ****");
  }

  @Test
  void keepsTheConfiguredSecretsAndTheRecentRuntimeCredentialsOnly() {
    Redactor bounded = Redactor.create().add(Secret.of("configured-secret"));
    for (int i = 0; i < 100; i++) {
      bounded.addValue("runtime-token-" + i);
    }
    assertThat(bounded.redact("configured-secret runtime-token-99 runtime-token-50"))
        .isEqualTo("**** **** ****");
    // A token 100 fetches old has long expired; masking it is no longer worth the time.
    assertThat(bounded.redact("runtime-token-0 ")).isEqualTo("runtime-token-0 ");
  }
}
