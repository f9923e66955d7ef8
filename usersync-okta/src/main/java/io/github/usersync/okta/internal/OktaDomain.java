package io.github.usersync.okta.internal;

import io.github.usersync.core.ConfigurationException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks the {@code domain} setting: a bare host name such as {@code acme.okta.com} or a custom
 * domain such as {@code login.acme.com}. Anything else (a scheme, user information, a port, a path,
 * a query) is refused with a message that says what to write instead. The message never repeats
 * user information, which may hold a password.
 */
public final class OktaDomain {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final String[] ADMIN_SUFFIXES = {
    "-admin.okta.com", "-admin.oktapreview.com", "-admin.okta-emea.com", "-admin.okta-gov.com",
    "-admin.okta.mil"
  };

  private OktaDomain() {}

  /**
   * The host name, lower case.
   *
   * @param key the setting name, for messages
   * @throws ConfigurationException naming the key when the value is not a bare host name
   */
  public static String check(String key, String value) {
    String v = value.trim();
    String host = guessHost(v);
    String write = host.isEmpty() ? "acme.okta.com" : host;
    if (v.isEmpty()) {
      throw new ConfigurationException(key, "is empty; write your Okta domain, e.g. acme.okta.com");
    }
    if (authority(v).indexOf('@') >= 0) {
      throw new ConfigurationException(
          key,
          "must not hold user information (user:password@); write "
              + write
              + " and put the credentials in apiToken, or in clientId and privateKey");
    }
    if (v.contains("://")) {
      throw new ConfigurationException(
          key,
          "must be the host name only, without a scheme such as https://: write "
              + write
              + " (to call another address, such as a proxy or a test server, set baseUrl instead)");
    }
    if (v.indexOf('/') >= 0 || v.indexOf('?') >= 0 || v.indexOf('#') >= 0) {
      throw new ConfigurationException(
          key, "must be the host name only, without a path or query: write " + write);
    }
    if (v.indexOf(':') >= 0 || v.indexOf('[') >= 0) {
      throw new ConfigurationException(
          key,
          "must be the host name only, without a port (Okta serves its API on port 443): write "
              + write
              + "; to reach a test server or proxy on another port, set baseUrl instead");
    }
    String h = v.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    String[] labels = h.split("\\.", -1);
    boolean valid = labels.length >= 2 && h.length() <= 253;
    for (String label : labels) {
      valid &= LABEL.matcher(label).matches();
    }
    if (!valid) {
      throw new ConfigurationException(
          key,
          "'"
              + v
              + "' is not a host name; write your Okta domain (e.g. acme.okta.com) or your custom"
              + " domain (e.g. login.acme.com), in ASCII (punycode for international names)");
    }
    for (String suffix : ADMIN_SUFFIXES) {
      if (h.endsWith(suffix)) {
        throw new ConfigurationException(
            key,
            "names the Admin Console ("
                + h
                + "); the API is on the org domain without -admin: write "
                + h.substring(0, h.length() - suffix.length())
                + suffix.substring("-admin".length()));
      }
    }
    return h;
  }

  // Best effort: the host part of whatever was written, for "write … instead".
  private static String guessHost(String v) {
    String s = authority(v);
    int at = s.lastIndexOf('@');
    if (at >= 0) {
      s = s.substring(at + 1);
    }
    int colon = s.indexOf(':');
    if (colon >= 0) {
      s = s.substring(0, colon);
    }
    s = s.toLowerCase(Locale.ROOT);
    return s.matches("[a-z0-9.-]+") ? s : "";
  }

  // What stands between an optional "scheme://" and the first '/', '?' or '#'.
  private static String authority(String v) {
    String s = v;
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    for (char c : new char[] {'/', '?', '#'}) {
      int i = s.indexOf(c);
      if (i >= 0) {
        s = s.substring(0, i);
      }
    }
    return s;
  }
}
