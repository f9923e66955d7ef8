package io.github.usersync.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads an error answer's body and headers into an {@link ApiError}. Connectors supply their own
 * to classify provider codes (Google's {@code userRateLimitExceeded} is throttling) and to attach
 * endpoint-specific fixes (which permission a 403 lacks).
 */
@FunctionalInterface
public interface ApiErrorParser {
  /** Reads the error; called only for answers that are not 2xx and not accepted by the request. */
  ApiError parse(ApiRequest request, ApiResponse response);

  /**
   * Reads the common shapes: Graph and Google {@code {"error":{"code","message"}}} (Google's
   * {@code errors[0].reason} preferred as the code), OAuth {@code {"error","error_description"}},
   * Okta {@code {"errorCode","errorSummary","errorId"}}, OneLogin {@code {"status":{"code",
   * "message"}}}, Keycloak {@code {"errorMessage"}}, and a plain {@code {"message"}}; the request
   * id from the usual headers.
   */
  static ApiErrorParser standard() {
    return (request, response) -> {
      String code = null;
      String message = null;
      String requestId = null;
      Optional<JsonNode> json = response.jsonIfAny();
      if (json.isPresent() && json.get().isObject()) {
        JsonNode j = json.get();
        JsonNode error = j.get("error");
        if (error != null && error.isObject()) {
          JsonNode reason = error.path("errors").path(0).path("reason");
          code = reason.isTextual() ? reason.asText() : text(error.get("code"));
          message = text(error.get("message"));
          requestId = text(error.path("innerError").get("request-id"));
        } else if (error != null && error.isTextual()) {
          code = error.asText();
          message = text(j.get("error_description"));
        } else if (j.has("errorCode")) {
          code = text(j.get("errorCode"));
          message = text(j.get("errorSummary"));
          requestId = text(j.get("errorId"));
        } else if (j.path("status").isObject()) {
          code = text(j.path("status").get("type"));
          message = text(j.path("status").get("message"));
        } else if (j.has("errorMessage")) {
          message = text(j.get("errorMessage"));
        } else if (j.has("message")) {
          message = text(j.get("message"));
          code = text(j.get("name"));
        }
      }
      if (requestId == null) {
        requestId = requestIdHeader(response);
      }
      return ApiError.of(code, truncate(message), requestId);
    };
  }

  /** The request id from {@code request-id}, {@code x-request-id}, {@code X-Okta-Request-Id} and the like. */
  static @Nullable String requestIdHeader(ApiResponse response) {
    for (String h :
        new String[] {"request-id", "x-request-id", "x-okta-request-id", "x-ms-request-id",
          "x-guploader-uploadid", "x-amzn-requestid"}) {
      Optional<String> v = response.header(h);
      if (v.isPresent()) {
        return v.get();
      }
    }
    return null;
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() || n.isContainerNode() ? null : n.asText();
  }

  private static @Nullable String truncate(@Nullable String s) {
    return s == null || s.length() <= 500 ? s : s.substring(0, 500) + "…";
  }
}
