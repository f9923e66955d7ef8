package io.github.usersync.core.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.MappingException;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link MappingInput} from a sample user's JSON, to try a mapping offline with {@link
 * UserMapping#explain}: paste a user as the IdP's API returns it (Graph, Google Directory,
 * Keycloak, Okta, OneLogin), optionally wrapped with groups, a manager and a photo fingerprint:
 *
 * <pre>{@code
 * {"user": {…the IdP's user JSON…},
 *  "groups": ["Engineering", {"id": "r1", "name": "Admins", "role": true}],
 *  "manager": {…the manager's user JSON…},
 *  "photoFingerprint": "…"}
 * }</pre>
 *
 * <p>The normalised fields ({@code $username}, {@code $email}, …) are filled the way the IdP's
 * connector fills them, as closely as a sample allows; a connector remains the authority (for a
 * real user, read it with the connector and pass its {@link DirectoryUser}).
 */
public final class SampleInput {
  private SampleInput() {}

  /**
   * The input for a sample.
   *
   * @param providerId {@code entra}, {@code google}, {@code keycloak}, {@code okta}, {@code
   *     onelogin}, or anything else for a best guess from common field names
   * @throws MappingException naming {@code sample} when the sample is not a JSON object
   */
  public static MappingInput fromJson(JsonNode sample, String providerId) {
    if (!sample.isObject()) {
      throw new MappingException("sample", "expected a user as a JSON object");
    }
    JsonNode user = sample.path("user").isObject() ? sample.get("user") : sample;
    MappingInput.Builder in = MappingInput.builder().user(user(user, providerId, "sample-user"));
    int i = 0;
    for (JsonNode g : sample.path("groups")) {
      i++;
      if (g.isTextual()) {
        in.addGroups(DirectoryGroup.of("sample-group-" + i, g.textValue()));
      } else if (g.isObject()) {
        DirectoryGroup.Builder b =
            DirectoryGroup.builder()
                .id(g.path("id").asText("sample-group-" + i))
                .name(g.path("name").asText(""));
        if (g.path("role").asBoolean(false)) {
          b.raw(((ObjectNode) g.deepCopy()).put("usersyncKind", "role"));
        } else {
          b.raw(g);
        }
        in.addGroups(b.build());
      }
    }
    if (sample.path("manager").isObject()) {
      in.manager(user(sample.get("manager"), providerId, "sample-manager"));
    }
    if (sample.path("photoFingerprint").isTextual()) {
      in.photoFingerprint(sample.get("photoFingerprint").textValue());
    }
    return in.build();
  }

  private static DirectoryUser user(JsonNode u, String providerId, String fallbackId) {
    DirectoryUser.Builder b = DirectoryUser.builder().raw(u).id(text(u, "id").orElse(fallbackId));
    switch (providerId.toLowerCase(Locale.ROOT)) {
      case "entra":
        b.username(text(u, "userPrincipalName").orElse(""))
            .email(text(u, "mail"))
            .givenName(text(u, "givenName"))
            .familyName(text(u, "surname"))
            .displayName(text(u, "displayName"))
            .active(u.path("accountEnabled").asBoolean(true))
            .managerId(text(u.path("manager"), "id"));
        break;
      case "google":
        b.username(text(u, "primaryEmail").orElse(""))
            .email(text(u, "primaryEmail"))
            .givenName(text(u.path("name"), "givenName"))
            .familyName(text(u.path("name"), "familyName"))
            .displayName(text(u.path("name"), "fullName"))
            .active(!u.path("suspended").asBoolean(false) && !u.path("archived").asBoolean(false));
        break;
      case "keycloak":
        b.username(text(u, "username").orElse(""))
            .email(text(u, "email"))
            .givenName(text(u, "firstName"))
            .familyName(text(u, "lastName"))
            .active(u.path("enabled").asBoolean(true));
        break;
      case "okta":
        {
          JsonNode p = u.path("profile");
          String status = u.path("status").asText("ACTIVE");
          b.username(text(p, "login").orElse(""))
              .email(text(p, "email"))
              .givenName(text(p, "firstName"))
              .familyName(text(p, "lastName"))
              .displayName(text(p, "displayName"))
              .active(!status.equals("SUSPENDED") && !status.equals("DEPROVISIONED"))
              .managerId(text(p, "managerId"));
          break;
        }
      case "onelogin":
        b.username(text(u, "username").or(() -> text(u, "email")).orElse(""))
            .email(text(u, "email"))
            .givenName(text(u, "firstname"))
            .familyName(text(u, "lastname"))
            .active(u.path("status").asInt(1) == 1)
            .managerId(text(u, "manager_user_id"));
        break;
      default:
        Function<String[], Optional<String>> first =
            names -> {
              for (String n : names) {
                Optional<String> v = text(u, n);
                if (v.isPresent()) {
                  return v;
                }
              }
              return Optional.empty();
            };
        b.username(first.apply(new String[] {"username", "userName", "login", "email"}).orElse(""))
            .email(first.apply(new String[] {"email", "mail"}))
            .givenName(first.apply(new String[] {"givenName", "firstName"}))
            .familyName(first.apply(new String[] {"familyName", "lastName", "surname"}))
            .displayName(first.apply(new String[] {"displayName", "name"}))
            .active(u.path("active").asBoolean(true));
    }
    return b.build();
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isValueNode() || v.isNull() || v.asText().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(v.asText());
  }
}
