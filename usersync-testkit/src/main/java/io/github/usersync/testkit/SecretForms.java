package io.github.usersync.testkit;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.assertj.core.api.Assertions;

/**
 * The forms a secret can leak in, for tests that check it does not: literal, URL/form-encoded
 * (upper- and lower-case hex), JSON-escaped, base64, and base64 of {@code id:secret} (HTTP Basic)
 * for each id given.
 */
public final class SecretForms {
  private SecretForms() {}

  /** Every form of {@code secret}; {@code ids} are the user or client ids it may be paired with. */
  public static Set<String> of(String secret, String... ids) {
    Set<String> f = new LinkedHashSet<>();
    f.add(secret);
    String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    // RFC 3986 leaves '~' alone and encodes '*', where Java's URLEncoder does the opposite.
    String rfc3986 = form.replace("%7E", "~").replace("*", "%2A");
    for (String e : new String[] {form, rfc3986}) {
      for (String spaced : new String[] {e, e.replace("+", "%20")}) {
        f.add(spaced);
        f.add(lowerHex(spaced));
      }
    }
    f.add(new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
    f.add(new String(JsonStringEncoder.getInstance().quoteAsString(secret)).replace("/", "\\/"));
    f.add(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    for (String id : ids) {
      f.add(Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8)));
      f.add(Base64.getEncoder().encodeToString(
          (URLEncoder.encode(id, StandardCharsets.UTF_8) + ":" + form).getBytes(StandardCharsets.UTF_8)));
      f.add(Base64.getEncoder().encodeToString(
          (URLEncoder.encode(id, StandardCharsets.UTF_8) + ":" + rfc3986).getBytes(StandardCharsets.UTF_8)));
    }
    return f;
  }

  /** Fails naming the form and where, when {@code text} holds any form of any of {@code secrets}. */
  public static void assertNoneIn(String where, String text, Iterable<Set<String>> secrets) {
    for (Set<String> forms : secrets) {
      for (String form : forms) {
        if (form.length() >= 4 && text.contains(form)) {
          Assertions.fail(where + " holds a secret (in the form '" + form.substring(0, Math.min(6, form.length()))
              + "…'):\n" + text.replace(form, "<<LEAK>>"));
        }
      }
    }
  }

  private static String lowerHex(String encoded) {
    return java.util.regex.Pattern.compile("%[0-9A-F]{2}").matcher(encoded)
        .replaceAll(m -> m.group().toLowerCase(Locale.ROOT));
  }
}
