package io.github.usersync.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.DirectoryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** An API answer: status, headers, body, and the JSON tree parsed on first use. */
public final class ApiResponse {
  private final String service;
  private final ApiRequest request;
  private final URI uri;
  private final int status;
  private final HttpHeaders headers;
  private final byte[] body;
  private final ObjectMapper mapper;
  private final Redactor redactor;
  private @Nullable JsonNode json;

  /** Creates a response; used by {@link ApiClient} and by tests of page readers. */
  public ApiResponse(
      String service,
      ApiRequest request,
      URI uri,
      int status,
      HttpHeaders headers,
      byte[] body,
      ObjectMapper mapper) {
    this(service, request, uri, status, headers, body, mapper, Redactor.create());
  }

  ApiResponse(
      String service,
      ApiRequest request,
      URI uri,
      int status,
      HttpHeaders headers,
      byte[] body,
      ObjectMapper mapper,
      Redactor redactor) {
    this.service = service;
    this.request = request;
    this.uri = uri;
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.mapper = mapper;
    this.redactor = redactor;
  }

  /** A copy whose body and header values have every secret {@code redactor} knows masked. */
  ApiResponse redactedWith(Redactor redactor) {
    if (redactor.isEmpty()) {
      return this;
    }
    java.util.Map<String, java.util.List<String>> masked = new java.util.LinkedHashMap<>();
    headers.map().forEach((name, values) -> {
      java.util.List<String> vs = new java.util.ArrayList<>(values.size());
      values.forEach(v -> vs.add(redactor.redact(v)));
      masked.put(name, vs);
    });
    return new ApiResponse(
        service, request, uri, status, HttpHeaders.of(masked, (a, b) -> true),
        redactor.redact(bodyText()).getBytes(StandardCharsets.UTF_8), mapper, redactor);
  }

  /** The request this answers. */
  public ApiRequest request() {
    return request;
  }

  /** The URL that was called. */
  public URI uri() {
    return uri;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** Whether the status is 2xx. */
  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /** All headers. */
  public HttpHeaders headers() {
    return headers;
  }

  /** The first value of a header (case-insensitive name). */
  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The raw body. */
  public byte[] body() {
    return body.clone();
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The body parsed as JSON (parsed once).
   *
   * @throws DirectoryException naming the endpoint when the body is not valid JSON
   */
  public JsonNode json() {
    JsonNode j = json;
    if (j == null) {
      try {
        if (body.length == 0) {
          throw new IOException("the body is empty");
        }
        j = mapper.readTree(body);
        if (j == null || j.isMissingNode()) {
          throw new IOException("the body is empty");
        }
      } catch (IOException e) {
        // The parser's message quotes the body, which may hold a secret: it is masked, and the
        // parser's exception (with the unmasked quote) is not kept as the cause.
        throw new DirectoryException(
            service
                + ": "
                + redactor.redact(request.method() + " " + Urls.withoutQuery(uri))
                + " answered HTTP "
                + status
                + " with a body that is not valid JSON ("
                + redactor.redact(firstLine(e.getMessage()))
                + "); a proxy may have answered instead of the API");
      }
      json = j;
    }
    return j;
  }

  /** The body as JSON if it parses, else empty; for error bodies that may be HTML. */
  public Optional<JsonNode> jsonIfAny() {
    try {
      return Optional.of(json());
    } catch (DirectoryException e) {
      return Optional.empty();
    }
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl >= 0 ? s.substring(0, nl) : s;
  }
}
