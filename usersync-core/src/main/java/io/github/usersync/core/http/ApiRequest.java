package io.github.usersync.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One API call, immutable: method, a path below the client's base URL (or an absolute URL, such as
 * an {@code @odata.nextLink}), query parameters, headers and body.
 *
 * <p>Path templates put values in {@code {name}} placeholders, each encoded as one path segment:
 * {@code ApiRequest.get("/users/{id}/groups", userId)}. Query values are encoded when the URL is
 * built. Create with the static factories, then refine with the builder.
 */
public final class ApiRequest {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}/]*}");

  private final String method;
  private final @Nullable String path;
  private final @Nullable URI absolute;
  private final List<Map.Entry<String, String>> query;
  private final Map<String, String> headers;
  private final byte @Nullable [] body;
  private final boolean authenticated;
  private final boolean idempotent;
  private final Set<Integer> acceptedStatuses;
  private final @Nullable String label;

  private ApiRequest(Builder b) {
    this.method = b.method;
    this.path = b.path;
    this.absolute = b.absolute;
    this.query = Collections.unmodifiableList(new ArrayList<>(b.query));
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.body = b.body;
    this.authenticated = b.authenticated;
    this.idempotent = b.idempotent == null ? !method.equals("POST") : b.idempotent;
    this.acceptedStatuses = Collections.unmodifiableSet(new TreeSet<>(b.acceptedStatuses));
    this.label = b.label;
  }

  /** A GET of a path template below the base URL, placeholders filled with encoded values. */
  public static Builder get(String pathTemplate, String... values) {
    return new Builder("GET", expand(pathTemplate, values), null);
  }

  /** A GET of an absolute URL, e.g. a next-page link; the client checks its origin. */
  public static Builder get(URI absoluteUrl) {
    return new Builder("GET", null, absoluteUrl);
  }

  /** A POST of a path template below the base URL. */
  public static Builder post(String pathTemplate, String... values) {
    return new Builder("POST", expand(pathTemplate, values), null);
  }

  /** A POST to an absolute URL (e.g. a token endpoint on another host). */
  public static Builder post(URI absoluteUrl) {
    return new Builder("POST", null, absoluteUrl);
  }

  /** A PUT of a path template below the base URL. */
  public static Builder put(String pathTemplate, String... values) {
    return new Builder("PUT", expand(pathTemplate, values), null);
  }

  /** A PATCH of a path template below the base URL. */
  public static Builder patch(String pathTemplate, String... values) {
    return new Builder("PATCH", expand(pathTemplate, values), null);
  }

  /** A DELETE of a path template below the base URL. */
  public static Builder delete(String pathTemplate, String... values) {
    return new Builder("DELETE", expand(pathTemplate, values), null);
  }

  static String expand(String template, String... values) {
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("a path template starts with '/': " + template);
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (m.find()) {
      if (i >= values.length) {
        throw new IllegalArgumentException(
            "path template " + template + " has more placeholders than the " + values.length
                + " values given");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(Urls.encodePathSegment(values[i++])));
    }
    m.appendTail(out);
    if (i != values.length) {
      throw new IllegalArgumentException(
          "path template " + template + " has " + i + " placeholders but " + values.length
              + " values were given");
    }
    return out.toString();
  }

  /** The HTTP method. */
  public String method() {
    return method;
  }

  /** The query parameters, in order, not yet encoded. */
  public List<Map.Entry<String, String>> query() {
    return query;
  }

  /** The value of the first query parameter of that name, if any. */
  public @Nullable String queryValue(String name) {
    for (Map.Entry<String, String> e : query) {
      if (e.getKey().equals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Extra headers (never logged). */
  public Map<String, String> headers() {
    return headers;
  }

  /** The body, if any (a copy). */
  public byte @Nullable [] body() {
    return body == null ? null : body.clone();
  }

  /** Whether the client attaches its credentials. */
  public boolean authenticated() {
    return authenticated;
  }

  /** Whether sending twice is harmless, so a broken connection may be retried. */
  public boolean idempotent() {
    return idempotent;
  }

  /** Non-2xx statuses returned to the caller instead of thrown (e.g. 404 for "no manager"). */
  public Set<Integer> acceptedStatuses() {
    return acceptedStatuses;
  }

  /** A short label for messages and connection checks, e.g. {@code list users}. */
  public @Nullable String label() {
    return label;
  }

  /** Whether this request names an absolute URL rather than a path below the base. */
  public boolean isAbsolute() {
    return absolute != null;
  }

  /** The full URL, below {@code base} unless absolute, with the query encoded. */
  public URI resolve(URI base) {
    String start;
    if (absolute != null) {
      start = absolute.toString();
    } else {
      String b = base.toString();
      if (b.endsWith("/")) {
        b = b.substring(0, b.length() - 1);
      }
      start = b + Objects.requireNonNull(path);
    }
    if (query.isEmpty()) {
      return URI.create(start);
    }
    StringBuilder s = new StringBuilder(start);
    char sep = start.indexOf('?') >= 0 ? '&' : '?';
    for (Map.Entry<String, String> e : query) {
      s.append(sep)
          .append(Urls.encodeQueryComponent(e.getKey()))
          .append('=')
          .append(Urls.encodeQueryComponent(e.getValue()));
      sep = '&';
    }
    return URI.create(s.toString());
  }

  /** {@code METHOD url-without-query}, for messages. */
  public String describe(URI base) {
    return method + " " + Urls.withoutQuery(resolve(base));
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder(method, path, absolute);
    b.query.addAll(query);
    b.headers.putAll(headers);
    b.body = body;
    b.authenticated = authenticated;
    b.idempotent = idempotent;
    b.acceptedStatuses.addAll(acceptedStatuses);
    b.label = label;
    return b;
  }

  /** This request with query parameter {@code name} set to {@code value}, replacing any. */
  public ApiRequest withQuery(String name, String value) {
    Builder b = toBuilder();
    b.query.removeIf(e -> e.getKey().equals(name));
    b.query.add(new java.util.AbstractMap.SimpleImmutableEntry<>(name, value));
    return b.build();
  }

  /** This request's options (headers, auth, accepted statuses) aimed at another absolute URL. */
  public ApiRequest withUrl(URI absoluteUrl) {
    Builder b = toBuilder();
    b.path = null;
    b.absolute = absoluteUrl;
    b.query.clear();
    return b.build();
  }

  @Override
  public String toString() {
    return method + " " + (absolute != null ? Urls.withoutQuery(absolute) : path);
  }

  /** Builds an {@link ApiRequest}. */
  public static final class Builder {
    private final String method;
    private @Nullable String path;
    private @Nullable URI absolute;
    private final List<Map.Entry<String, String>> query = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte @Nullable [] body;
    private boolean authenticated = true;
    private @Nullable Boolean idempotent;
    private final Set<Integer> acceptedStatuses = new TreeSet<>();
    private @Nullable String label;

    private Builder(String method, @Nullable String path, @Nullable URI absolute) {
      this.method = method;
      this.path = path;
      this.absolute = absolute;
    }

    /** Adds a query parameter; the value is encoded when the URL is built. */
    public Builder query(String name, String value) {
      query.add(new java.util.AbstractMap.SimpleImmutableEntry<>(name, value));
      return this;
    }

    /** Adds a numeric query parameter. */
    public Builder query(String name, long value) {
      return query(name, Long.toString(value));
    }

    /** Sets a header. Headers are never logged or put in messages. */
    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** Sets a JSON body and its content type. */
    public Builder jsonBody(JsonNode json) {
      return body(json.toString().getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** Sets a form-encoded body ({@code application/x-www-form-urlencoded}). */
    public Builder formBody(Map<String, String> form) {
      StringBuilder s = new StringBuilder();
      form.forEach(
          (k, v) -> {
            if (s.length() > 0) {
              s.append('&');
            }
            s.append(Urls.encodeFormComponent(k)).append('=').append(Urls.encodeFormComponent(v));
          });
      return body(s.toString().getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
    }

    /** Sets a body with its content type. */
    public Builder body(byte[] bytes, String contentType) {
      this.body = bytes.clone();
      headers.put("Content-Type", contentType);
      return this;
    }

    /** Whether to attach the client's credentials (default true). */
    public Builder authenticated(boolean authenticated) {
      this.authenticated = authenticated;
      return this;
    }

    /** Whether sending twice is harmless (default: all but POST). */
    public Builder idempotent(boolean idempotent) {
      this.idempotent = idempotent;
      return this;
    }

    /** Statuses to return to the caller instead of throwing, e.g. 404. */
    public Builder accept(int... statuses) {
      for (int s : statuses) {
        acceptedStatuses.add(s);
      }
      return this;
    }

    /** A short label for messages and checks, e.g. {@code list users}. */
    public Builder label(String label) {
      this.label = label;
      return this;
    }

    /** The request. */
    public ApiRequest build() {
      return new ApiRequest(this);
    }
  }
}
