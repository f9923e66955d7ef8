package io.github.usersync.google.internal;

import java.util.Base64;

/**
 * Decodes the "web-safe base64" of Google's {@code UserPhoto.photoData}. Google's reference says
 * {@code /} becomes {@code _}, {@code +} becomes {@code -}, {@code =} becomes {@code *}, and
 * {@code .} pads; answers seen in the wild also use {@code =} padding or the standard alphabet. All
 * of these are accepted.
 */
public final class WebSafeBase64 {
  private WebSafeBase64() {}

  /**
   * The bytes {@code text} encodes.
   *
   * @throws IllegalArgumentException when it is not base64 in any of the accepted forms
   */
  public static byte[] decode(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '-':
          b.append('+');
          break;
        case '_':
          b.append('/');
          break;
        case '*':
        case '.':
        case '=':
          // padding in any of its spellings; dropped, the decoder does not need it
          break;
        case ' ':
        case '\n':
        case '\r':
        case '\t':
          break;
        default:
          b.append(c);
      }
    }
    return Base64.getDecoder().decode(b.toString());
  }
}
