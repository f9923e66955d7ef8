package io.github.usersync.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UrlsTest {
  @Test
  void pathSegmentsEncodeEverythingButUnreserved() {
    assertThat(Urls.encodePathSegment("abc-._~XYZ09")).isEqualTo("abc-._~XYZ09");
    assertThat(Urls.encodePathSegment("a/b?c#d%e f+g&h")).isEqualTo("a%2Fb%3Fc%23d%25e%20f%2Bg%26h");
    assertThat(Urls.encodePathSegment("jane+test@example.com")).isEqualTo("jane%2Btest%40example.com");
    assertThat(Urls.encodePathSegment("Zoë 李")).isEqualTo("Zo%C3%AB%20%E6%9D%8E");
    assertThat(Urls.encodePathSegment("..")).isEqualTo("%2E%2E");
    assertThat(Urls.encodePathSegment(".")).isEqualTo("%2E");
    assertThatThrownBy(() -> Urls.encodePathSegment("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void queryComponentsKeepODataCharacters() {
    assertThat(Urls.encodeQueryComponent("$select")).isEqualTo("$select");
    assertThat(Urls.encodeQueryComponent("id,displayName")).isEqualTo("id,displayName");
    assertThat(Urls.encodeQueryComponent("a b+c&d=e#f%")).isEqualTo("a%20b%2Bc%26d%3De%23f%25");
  }

  @Test
  void formComponentsUsePlusForSpace() {
    assertThat(Urls.encodeFormComponent("a b/c:d")).isEqualTo("a+b%2Fc%3Ad");
    assertThat(Urls.encodeFormComponent("")).isEmpty();
  }

  @Test
  void loopbackHosts() {
    assertThat(Urls.isLoopback("127.0.0.1")).isTrue();
    assertThat(Urls.isLoopback("127.1.2.3")).isTrue();
    assertThat(Urls.isLoopback("localhost")).isTrue();
    assertThat(Urls.isLoopback("[::1]")).isTrue();
    assertThat(Urls.isLoopback("127.0.0.1.evil.com")).isFalse();
    assertThat(Urls.isLoopback("10.0.0.1")).isFalse();
  }

  @Test
  void sameOrigin() {
    assertThat(Urls.sameOrigin(URI.create("https://a.com/x"), URI.create("https://A.com:443/y?z"))).isTrue();
    assertThat(Urls.sameOrigin(URI.create("https://a.com/x"), URI.create("https://a.com:8443/x"))).isFalse();
    assertThat(Urls.sameOrigin(URI.create("https://a.com/x"), URI.create("http://a.com/x"))).isFalse();
  }

  @Test
  void pathTemplateNeedsAsManyValuesAsPlaceholders() {
    assertThatThrownBy(() -> ApiRequest.get("/users/{id}/groups/{g}", "1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiRequest.get("/users/{id}", "1", "2")).isInstanceOf(IllegalArgumentException.class);
    assertThat(ApiRequest.get("/users/{id}/photo/$value", "u 1").build().resolve(URI.create("https://g/v1.0/")))
        .hasToString("https://g/v1.0/users/u%201/photo/$value");
  }
}
