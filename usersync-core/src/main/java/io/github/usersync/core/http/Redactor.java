package io.github.usersync.core.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.github.usersync.core.settings.Secret;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Masks secrets in text before it reaches a message, a log line or a report. Every {@link
 * ApiClient} has one (shared by the clients of a connector that share {@link io.github.usersync.core.model.RequestStats}); the
 * client passes every error text through it, so what a server echoes back never leaves it.
 *
 * <p>Each registered value is masked in every form a server may echo it in: literally,
 * URL/form-encoded (upper- or lower-case hex, {@code +} or {@code %20} for a space, twice
 * encoded), JSON-escaped (with or without {@code \/}, and with {@code =}, {@code &}, {@code <},
 * {@code >}, {@code '} as {@code \}{@code u00XX} as some encoders write them), base64 of the value,
 * and any base64 text whose decoded form contains the value (so {@code Basic base64(id:secret)}
 * is masked whatever the id). A value cut off at the end of a truncated text is masked too.
 *
 * <p>What is registered: the configured secrets ({@link ApiClient.Builder#redact}), and at run
 * time every credential the toolkit handles: each {@code Authorization} value sent (and the token
 * in it), and what a {@link OAuth2TokenProvider} obtains or sends (access, refresh and id tokens,
 * client assertions). Values shorter than {@value #MIN_LENGTH} characters are not masked (they
 * would mask ordinary words). Thread-safe.
 */
public final class Redactor {
  /** What a masked value is replaced with. */
  public static final String MASK = "****";

  /** The shortest value that is masked. */
  public static final int MIN_LENGTH = 4;

  // Base64 (standard or URL-safe) runs long enough to hide a credential pair.
  private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_-]{8,}={0,2}");
  private static final int MIN_TRUNCATED_PREFIX = 6;
  private static final Pattern PERCENT_HEX = Pattern.compile("%[0-9A-F]{2}");

  // Runtime credentials kept at most: a long-lived client fetches a token an hour, and a token
  // that expired long ago is no longer worth the time to mask.
  private static final int MAX_RUNTIME_VALUES = 64;

  private final Map<String, Boolean> values = new ConcurrentHashMap<>();
  private final Set<String> permanent = new LinkedHashSet<>();
  private final Set<String> runtime = new LinkedHashSet<>();
  // Every form of every value, longest first, so a longer form is masked before a shorter one
  // that it contains.
  private volatile List<String> forms = List.of();
  private volatile List<String> literals = List.of();

  private Redactor() {}

  /** An empty redactor. */
  public static Redactor create() {
    return new Redactor();
  }

  /** Registers a configured secret, masked for the redactor's life. */
  public Redactor add(Secret secret) {
    return register(secret.reveal(), true);
  }

  /**
   * Registers a credential obtained or built at run time (a token, an assertion); cheap when the
   * value is already known. The most recent {@value #MAX_RUNTIME_VALUES} are kept.
   */
  public Redactor addValue(@Nullable String value) {
    return register(value, false);
  }

  private Redactor register(@Nullable String value, boolean keep) {
    if (value == null || value.length() < MIN_LENGTH || (!keep && values.containsKey(value))) {
      return this;
    }
    synchronized (this) {
      if (keep) {
        runtime.remove(value);
        if (!permanent.add(value)) {
          return this;
        }
      } else {
        if (values.containsKey(value)) {
          return this;
        }
        runtime.add(value);
        if (runtime.size() > MAX_RUNTIME_VALUES) {
          String oldest = runtime.iterator().next();
          runtime.remove(oldest);
          values.remove(oldest);
        }
      }
      values.put(value, Boolean.TRUE);
      Set<String> all = new LinkedHashSet<>();
      Set<String> lits = new LinkedHashSet<>();
      for (Set<String> source : List.of(permanent, runtime)) {
        for (String v : source) {
          for (String part : parts(v)) {
            lits.add(part);
            all.addAll(formsOf(part));
          }
        }
      }
      List<String> sorted = new ArrayList<>(all);
      sorted.sort(Comparator.comparingInt(String::length).reversed());
      forms = List.copyOf(sorted);
      literals = List.copyOf(lits);
    }
    return this;
  }

  /**
   * Registers an {@code Authorization} header value: the whole value and its credential part
   * ({@code Bearer eyJ…} registers {@code eyJ…}; {@code Basic …} also the secret inside it).
   */
  public Redactor addAuthorization(@Nullable String headerValue) {
    if (headerValue == null || values.containsKey(headerValue)) {
      return this;
    }
    addValue(headerValue);
    int space = headerValue.indexOf(' ');
    if (space > 0) {
      String credential = headerValue.substring(space + 1).trim();
      addValue(credential);
      if (headerValue.regionMatches(true, 0, "Basic", 0, 5)) {
        String pair = decodeBase64(credential);
        int colon = pair == null ? -1 : pair.indexOf(':');
        if (pair != null && colon >= 0) {
          addValue(pair.substring(colon + 1));
          addValue(formDecoded(pair.substring(colon + 1)));
        }
      }
    }
    return this;
  }

  /** Whether nothing is registered. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** {@code text} with every form of every registered value replaced by {@value #MASK}. */
  public String redact(@Nullable String text) {
    if (text == null || text.isEmpty()) {
      return text == null ? "" : text;
    }
    List<String> fs = forms;
    if (fs.isEmpty()) {
      return text;
    }
    String out = text;
    for (String f : fs) {
      if (out.contains(f)) {
        out = out.replace(f, MASK);
      }
    }
    out = maskBase64Wrapped(out);
    return maskTruncatedTail(out, fs);
  }

  /** Like {@link #redact(String)}, keeping null as null. */
  public @Nullable String redactNullable(@Nullable String text) {
    return text == null ? null : redact(text);
  }

  private String maskBase64Wrapped(String text) {
    Matcher m = BASE64_RUN.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String decoded = decodeBase64(m.group());
      if (decoded != null && containsLiteral(decoded)) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, last, m.start()).append(MASK);
        last = m.end();
      }
    }
    if (out == null) {
      return text;
    }
    return out.append(text, last, text.length()).toString();
  }

  private boolean containsLiteral(String decoded) {
    for (String l : literals) {
      if (decoded.contains(l) || decoded.contains(Urls.encodeFormComponent(l))) {
        return true;
      }
    }
    return false;
  }

  /** A text cut off (by a length limit) inside a secret: the cut secret's head is masked too. */
  private static String maskTruncatedTail(String text, List<String> fs) {
    String body = null;
    String suffix = "";
    for (String ellipsis : new String[] {"\u2026", "..."}) {
      if (text.endsWith(ellipsis)) {
        suffix = ellipsis;
        body = text.substring(0, text.length() - ellipsis.length());
        break;
      }
    }
    if (body == null) {
      return text;
    }
    for (String f : fs) {
      if (f.length() <= MIN_TRUNCATED_PREFIX) {
        continue;
      }
      String head = f.substring(0, MIN_TRUNCATED_PREFIX);
      int from = Math.max(0, body.length() - f.length() + 1);
      for (int i = body.indexOf(head, from); i >= 0; i = body.indexOf(head, i + 1)) {
        int k = body.length() - i;
        if (k < f.length() && body.regionMatches(i, f, 0, k)) {
          return body.substring(0, i) + MASK + suffix;
        }
      }
    }
    return text;
  }

  /** The value, and for a multi-line value (a PEM key) also each long line of it. */
  private static List<String> parts(String value) {
    List<String> parts = new ArrayList<>();
    parts.add(value);
    if (value.indexOf('\n') >= 0) {
      for (String line : value.split("\\r?\\n")) {
        String l = line.trim();
        if (l.length() >= 16 && !l.startsWith("-----")) {
          parts.add(l);
        }
      }
    }
    return parts;
  }

  private static Set<String> formsOf(String v) {
    Set<String> f = new LinkedHashSet<>();
    f.add(v);
    String strict = Urls.encodePathSegment(v);
    String[] encodings = {
      URLEncoder.encode(v, StandardCharsets.UTF_8),
      Urls.encodeFormComponent(v),
      strict,
      Urls.encodeQueryComponent(v),
      URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"),
    };
    for (String enc : encodings) {
      for (String e : new String[] {enc, URLEncoder.encode(enc, StandardCharsets.UTF_8)}) {
        f.add(e);
        f.add(lowerHex(e));
      }
    }
    String json = new String(JsonStringEncoder.getInstance().quoteAsString(v));
    f.add(json);
    f.add(json.replace("/", "\\/"));
    f.add(unicodeEscaped(json));
    byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
    String b64 = Base64.getEncoder().encodeToString(bytes);
    f.add(b64);
    f.add(stripPadding(b64));
    String b64url = Base64.getUrlEncoder().encodeToString(bytes);
    f.add(b64url);
    f.add(stripPadding(b64url));
    f.removeIf(s -> s.length() < MIN_LENGTH);
    return f;
  }

  private static String lowerHex(String encoded) {
    return PERCENT_HEX.matcher(encoded).replaceAll(m -> m.group().toLowerCase(Locale.ROOT));
  }

  // Gson and some JavaScript serialisers escape these HTML-sensitive characters.
  private static String unicodeEscaped(String json) {
    return json.replace("=", "\\u003d").replace("&", "\\u0026").replace("<", "\\u003c")
        .replace(">", "\\u003e").replace("'", "\\u0027");
  }

  private static String stripPadding(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    return s.substring(0, end);
  }

  private static @Nullable String formDecoded(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static @Nullable String decodeBase64(String s) {
    String t = stripPadding(s);
    if (t.length() % 4 == 1) {
      return null;
    }
    try {
      // Both decoders accept a missing padding.
      byte[] d =
          t.indexOf('-') >= 0 || t.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(t)
              : Base64.getDecoder().decode(t);
      return new String(d, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "Redactor[" + values.size() + " values]";
  }
}
