package io.github.usersync.core.http;

import io.github.usersync.core.settings.Settings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * URL encoding and checks. Every user-supplied value that goes into a URL passes through {@link
 * #encodePathSegment} or {@link #encodeQueryComponent}.
 */
public final class Urls {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Urls() {}

  /**
   * Percent-encodes a value for use as one path segment: everything but RFC 3986 unreserved
   * characters is encoded, including {@code /}, {@code ?}, {@code #}, {@code +} and {@code %}; the
   * dot-segments {@code .} and {@code ..} are encoded too, so no value can climb the path.
   *
   * @throws IllegalArgumentException if the value is empty
   */
  public static String encodePathSegment(String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("an empty value cannot be a URL path segment");
    }
    if (value.equals(".") || value.equals("..")) {
      return value.replace(".", "%2E");
    }
    return encode(value, "");
  }

  /**
   * Percent-encodes a query parameter name or value. Space becomes {@code %20} and {@code +},
   * {@code &}, {@code =}, {@code #}, {@code %} are encoded; {@code $ , : @ / ! * ' ( )} stay as they
   * are (OData's {@code $select=a,b} reads as written).
   */
  public static String encodeQueryComponent(String value) {
    return encode(value, "$,:@/!*'()");
  }

  /**
   * Encodes a name or value for an {@code application/x-www-form-urlencoded} body: only unreserved
   * characters stay, space becomes {@code +}.
   */
  public static String encodeFormComponent(String value) {
    return encode(value, "").replace("%20", "+");
  }

  private static String encode(String value, String alsoSafe) {
    StringBuilder out = null;
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xFF;
      boolean safe =
          (b >= 'a' && b <= 'z')
              || (b >= 'A' && b <= 'Z')
              || (b >= '0' && b <= '9')
              || b == '-'
              || b == '.'
              || b == '_'
              || b == '~'
              || (b < 0x80 && alsoSafe.indexOf(b) >= 0);
      if (safe) {
        if (out != null) {
          out.append((char) b);
        }
      } else {
        if (out == null) {
          out = new StringBuilder(bytes.length * 3);
          for (int j = 0; j < i; j++) {
            out.append((char) (bytes[j] & 0xFF));
          }
        }
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
      }
    }
    return out == null ? value : out.toString();
  }

  /**
   * Parses and checks a base URL: {@code https://}, or {@code http://} only for loopback hosts.
   *
   * @param setting the setting name, for the error message
   * @throws io.github.usersync.core.ConfigurationException naming the setting otherwise
   */
  public static URI requireSecure(String setting, String url) {
    return Settings.parseSecureUrl(setting, url);
  }

  /** Whether the host is a loopback address or {@code localhost}. */
  public static boolean isLoopback(String host) {
    return Settings.isLoopback(host);
  }

  /** Whether two URLs share scheme, host and port (where credentials may be sent). */
  public static boolean sameOrigin(URI a, URI b) {
    return lower(a.getScheme()).equals(lower(b.getScheme()))
        && lower(a.getHost()).equals(lower(b.getHost()))
        && port(a) == port(b);
  }

  /** The effective port: explicit, else 443 for https and 80 for http. */
  public static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
  }

  /** The URL without its query and fragment, for messages. */
  public static String withoutQuery(URI uri) {
    String s = uri.toString();
    int q = s.indexOf('?');
    int f = s.indexOf('#');
    int cut = q >= 0 ? q : f;
    return cut >= 0 ? s.substring(0, cut) : s;
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
