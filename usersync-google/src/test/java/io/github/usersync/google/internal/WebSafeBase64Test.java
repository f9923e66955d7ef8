package io.github.usersync.google.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WebSafeBase64Test {
  @Test
  void decodesEverySpellingOfGooglesVariant() {
    Random random = new Random(42);
    for (int len = 0; len < 64; len++) {
      byte[] bytes = new byte[len];
      random.nextBytes(bytes);
      String standard = Base64.getEncoder().encodeToString(bytes);
      String webSafe = standard.replace('+', '-').replace('/', '_');
      assertThat(WebSafeBase64.decode(standard)).as("standard, length %d", len).isEqualTo(bytes);
      assertThat(WebSafeBase64.decode(webSafe)).as("= padding").isEqualTo(bytes);
      assertThat(WebSafeBase64.decode(webSafe.replace('=', '*'))).as("* padding").isEqualTo(bytes);
      assertThat(WebSafeBase64.decode(webSafe.replace('=', '.'))).as(". padding").isEqualTo(bytes);
      assertThat(WebSafeBase64.decode(webSafe.replace("=", ""))).as("no padding").isEqualTo(bytes);
    }
  }

  @Test
  void ignoresLineBreaks() {
    assertThat(WebSafeBase64.decode("aGVs\nbG8*")).isEqualTo("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void refusesWhatIsNotBase64() {
    assertThatThrownBy(() -> WebSafeBase64.decode("not base64!")).isInstanceOf(IllegalArgumentException.class);
  }
}
