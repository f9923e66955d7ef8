package io.github.usersync.entra.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.RateLimitPolicy;
import io.github.usersync.core.http.Sleeper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Microsoft Graph's JSON batching ("Combine multiple HTTP requests using JSON batching",
 * https://learn.microsoft.com/en-us/graph/json-batching): up to {@link #MAX_REQUESTS} independent
 * GET requests in one {@code POST /$batch}, each answered in {@code responses} by its {@code id}
 * with its own {@code status}, {@code headers} and {@code body} (in any order). A request Graph
 * throttled inside the batch (429, or 503) is sent again in a later batch after the longest
 * {@code Retry-After} of its round, at most {@link #MAX_ROUNDS} rounds; every other answer is
 * handed back as it came, so the caller decides per request. The batch's own POST goes through
 * the connector's {@link ApiClient} (retries, throttling, token refresh, concurrency bound); its
 * failure is thrown.
 */
public final class GraphBatch {
  /** The most requests Graph takes in one batch. */
  public static final int MAX_REQUESTS = 20;

  /** Rounds a throttled request is sent in before its last answer is kept. */
  static final int MAX_ROUNDS = 4;

  /** The wait before a throttled request is sent again when Graph names none. */
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);

  private static final Duration MAX_WAIT = Duration.ofSeconds(60);

  /** Label of {@code POST /$batch}. */
  public static final String LABEL = "batch";

  /** One request's answer inside a batch. */
  public static final class Answer {
    private final int status;
    private final Map<String, String> headers;
    private final JsonNode body;

    Answer(int status, Map<String, String> headers, JsonNode body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    /** The request's own HTTP status. */
    public int status() {
      return status;
    }

    /** Whether the status is 2xx. */
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** A header of the answer, by name in any case. */
    public Optional<String> header(String name) {
      for (Map.Entry<String, String> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return Optional.of(e.getValue());
        }
      }
      return Optional.empty();
    }

    /** The JSON body (missing node when none). */
    public JsonNode json() {
      return body;
    }

    /**
     * The bytes of a body that is not JSON: Graph puts such a body (a photo's {@code $value}) in
     * the batch response as a base64 string (the JSON batching article shows JSON bodies only;
     * Microsoft's answer "Using Batching With the Graph API Returns the Body Response As Base64",
     * learn.microsoft.com/en-us/answers/questions/1352007, says this is by design).
     */
    public byte[] bytes() {
      if (!body.isTextual()) {
        return new byte[0];
      }
      try {
        return Base64.getMimeDecoder().decode(body.asText());
      } catch (IllegalArgumentException e) {
        throw new DirectoryException("entra: a batch answer's body is neither JSON nor base64: " + e.getMessage(), e);
      }
    }

    /** For messages: the status and Graph's error code, if any. */
    public String describe() {
      String code = GraphJson.text(body.path("error"), "code");
      return "HTTP " + status + (code == null ? "" : " (" + code + ")");
    }
  }

  private final ApiClient api;
  private final String root;
  private final Sleeper sleeper;
  private final Clock clock;

  /** Batches below {@code graphRoot} (the versioned Graph URL), sent through {@code api}. */
  public GraphBatch(ApiClient api, URI graphRoot, Sleeper sleeper, Clock clock) {
    this.api = api;
    String r = graphRoot.toString();
    this.root = r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /**
   * Sends {@code requests} (GETs below the Graph root, at most {@link #MAX_REQUESTS}) in one batch,
   * and throttled ones again; returns each request's last answer, by position.
   *
   * @throws UsersyncException when the batch's own POST fails
   */
  public List<Answer> send(List<ApiRequest> requests) {
    if (requests.size() > MAX_REQUESTS) {
      throw new IllegalArgumentException("at most " + MAX_REQUESTS + " requests in a batch");
    }
    List<@Nullable Answer> answers = new ArrayList<>();
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      answers.add(null);
      pending.add(i);
    }
    for (int round = 1; !pending.isEmpty(); round++) {
      Map<String, Answer> byId = post(requests, pending);
      List<Integer> throttled = new ArrayList<>();
      Duration wait = Duration.ZERO;
      for (int i : pending) {
        Answer a = byId.get(Integer.toString(i + 1));
        if (a == null) {
          throw new DirectoryException("entra: a batch response has no answer for request "
              + (i + 1) + " (" + api.describe(requests.get(i)) + "); the answer is not the documented shape");
        }
        answers.set(i, a);
        if ((a.status() == 429 || a.status() == 503) && round < MAX_ROUNDS) {
          throttled.add(i);
          Duration w = retryAfter(a);
          wait = w.compareTo(wait) > 0 ? w : wait;
        }
      }
      pending = throttled;
      if (!pending.isEmpty()) {
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UsersyncException("entra: interrupted while waiting to send throttled batch requests again", e);
        }
      }
    }
    List<Answer> out = new ArrayList<>();
    for (Answer a : answers) {
      out.add(java.util.Objects.requireNonNull(a));
    }
    return out;
  }

  private Map<String, Answer> post(List<ApiRequest> requests, List<Integer> which) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode items = body.putArray("requests");
    for (int i : which) {
      ApiRequest r = requests.get(i);
      ObjectNode item = items.addObject();
      item.put("id", Integer.toString(i + 1));
      item.put("method", r.method());
      item.put("url", relativeUrl(r));
      if (!r.headers().isEmpty()) {
        ObjectNode h = item.putObject("headers");
        r.headers().forEach(h::put);
      }
    }
    JsonNode response = api.json(ApiRequest.post("/$batch").jsonBody(body).idempotent(true).label(LABEL).build());
    JsonNode responses = response.path("responses");
    if (!responses.isArray()) {
      throw new DirectoryException("entra: POST /$batch answered without a 'responses' array; the answer is not"
          + " the documented shape");
    }
    Map<String, Answer> byId = new HashMap<>();
    for (JsonNode n : responses) {
      Map<String, String> headers = new HashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = n.path("headers").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        headers.put(e.getKey(), e.getValue().asText());
      }
      byId.put(n.path("id").asText(), new Answer(n.path("status").asInt(), headers, n.path("body")));
    }
    return byId;
  }

  /** The URL of a request relative to the Graph root, as a batch item names it ({@code /users/…}). */
  private String relativeUrl(ApiRequest r) {
    String full = r.resolve(URI.create(root)).toString();
    if (!full.startsWith(root + "/")) {
      throw new IllegalArgumentException("not below " + root + ": " + api.describe(r));
    }
    return full.substring(root.length());
  }

  // The toolkit's Retry-After parsing (seconds or HTTP-date), capped; Graph's default when absent.
  private Duration retryAfter(Answer a) {
    Duration d = a.header("Retry-After")
        .flatMap(v -> RateLimitPolicy.parseRetryAfter(v, clock::instant))
        .orElse(DEFAULT_WAIT);
    return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "GraphBatch[%s]", root);
  }
}
