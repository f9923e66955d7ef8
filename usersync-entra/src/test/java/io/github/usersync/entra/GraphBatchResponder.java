package io.github.usersync.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;


/**
 * Answers {@code POST /v1.0/$batch} as Microsoft Graph documents JSON batching ("Combine multiple
 * HTTP requests using JSON batching", https://learn.microsoft.com/en-us/graph/json-batching): each
 * item of {@code requests} ({@code id}, {@code method}, {@code url} relative to the version, {@code
 * headers}) is answered in {@code responses} with the same {@code id}, its own {@code status},
 * {@code headers} and {@code body}; the batch itself answers 200 whatever its items answered, and
 * the responses come in another order than the requests ("the order of the responses may not be
 * the same as the order of the requests" in that article), here reversed. A JSON body is embedded
 * as JSON; any other body (a photo's {@code $value}) as a base64 string, which Microsoft calls by
 * design (learn.microsoft.com/en-us/answers/questions/1352007; the article itself shows JSON
 * bodies only). Each item is answered by this same WireMock server's stubs (sent to it with the
 * batch's {@code Authorization} and the header {@link #ITEM_HEADER}, so tests can tell client
 * requests from items).
 */
final class GraphBatchResponder implements ResponseDefinitionTransformerV2 {
  static final String NAME = "graph-batch";
  static final String ITEM_HEADER = "X-Fixture-Batch-Item";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    try {
      JsonNode batch = JSON.readTree(serveEvent.getRequest().getBodyAsString());
      String absolute = serveEvent.getRequest().getAbsoluteUrl();
      String versionRoot = absolute.substring(0, absolute.indexOf("/$batch"));
      String authorization = serveEvent.getRequest().getHeader("Authorization");
      List<JsonNode> answers = new ArrayList<>();
      for (JsonNode item : batch.path("requests")) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(versionRoot + item.path("url").asText()))
            .method(item.path("method").asText(), HttpRequest.BodyPublishers.noBody())
            .header(ITEM_HEADER, item.path("id").asText());
        if (authorization != null) {
          r.header("Authorization", authorization);
        }
        item.path("headers").fields().forEachRemaining(h -> r.header(h.getKey(), h.getValue().asText()));
        HttpResponse<byte[]> response = http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", item.path("id").asText());
        answer.put("status", response.statusCode());
        ObjectNode headers = answer.putObject("headers");
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        for (String h : new String[] {"Content-Type", "Retry-After"}) {
          response.headers().firstValue(h).ifPresent(v -> headers.put(h, v));
        }
        byte[] body = response.body();
        if (body.length > 0) {
          if (contentType.startsWith("application/json")) {
            answer.set("body", JSON.readTree(body));
          } else {
            answer.put("body", Base64.getEncoder().encodeToString(body));
          }
        }
        answers.add(answer);
      }
      Collections.reverse(answers);
      ObjectNode out = JSON.createObjectNode();
      ArrayNode responses = out.putArray("responses");
      answers.forEach(responses::add);
      return new ResponseDefinitionBuilder().withStatus(200)
          .withHeader("Content-Type", "application/json; charset=utf-8").withBody(out.toString()).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public String getName() {
    return NAME;
  }

}
