package io.github.usersync.atlassian.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.http.ApiError;
import io.github.usersync.core.http.ApiErrorParser;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;

/**
 * Reads the error bodies of Jira ({@code {"errorMessages":[],"errors":{}}}), Crowd ({@code
 * {"reason","message"}}, or {@code <error>} in XML) and Confluence ({@code {"statusCode",
 * "message","reason"}}), and attaches the fix for 401 and 403 that fits the API called.
 */
public final class AtlassianErrors implements ApiErrorParser {
  private final String fix401;
  private final String fix403;

  private AtlassianErrors(String fix401, String fix403) {
    this.fix401 = fix401;
    this.fix403 = fix403;
  }

  /** A parser that answers 401 with {@code fix401} and 403 with {@code fix403}. */
  public static AtlassianErrors withFixes(String fix401, String fix403) {
    return new AtlassianErrors(fix401, fix403);
  }

  @Override
  public ApiError parse(ApiRequest request, ApiResponse response) {
    String code = null;
    String message = null;
    Optional<JsonNode> json = response.jsonIfAny();
    if (json.isPresent() && json.get().isObject()) {
      JsonNode j = json.get();
      if (j.has("errorMessages") || j.has("errors")) {
        List<String> parts = new ArrayList<>();
        for (JsonNode m : j.path("errorMessages")) {
          parts.add(m.asText());
        }
        JsonNode errors = j.path("errors");
        for (Iterator<String> names = errors.fieldNames(); names.hasNext(); ) {
          String name = names.next();
          parts.add(name + ": " + errors.path(name).asText());
        }
        message = parts.isEmpty() ? null : String.join("; ", parts);
      } else if (j.has("reason") && j.path("reason").isTextual() && !j.has("statusCode")) {
        code = j.path("reason").asText();
        message = text(j.get("message"));
      } else if (j.has("message")) {
        message = text(j.get("message"));
        code = text(j.get("reason"));
      }
    } else {
      Optional<Document> xml = Xml.parseIfAny(response.body());
      if (xml.isPresent()) {
        code = Xml.childText(xml.get().getDocumentElement(), "reason");
        message = Xml.childText(xml.get().getDocumentElement(), "message");
      }
    }
    ApiError error = ApiError.of(code, truncate(message), requestId(response));
    if (response.status() == 401) {
      return error.withFix(fix401);
    }
    if (response.status() == 403) {
      return error.withFix(fix403);
    }
    return error;
  }

  private static @Nullable String requestId(ApiResponse response) {
    Optional<String> id = response.header("X-AREQUESTID");
    return id.isPresent() ? id.get() : ApiErrorParser.requestIdHeader(response);
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
  }

  private static @Nullable String truncate(@Nullable String s) {
    return s == null || s.length() <= 500 ? s : s.substring(0, 500) + "…";
  }
}
