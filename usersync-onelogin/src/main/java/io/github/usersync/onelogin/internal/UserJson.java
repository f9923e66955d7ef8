package io.github.usersync.onelogin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.spi.UserQuery;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A OneLogin user (API v2 shape) as a {@link DirectoryUser}. Ids are integers in OneLogin's JSON
 * and strings here.
 *
 * <p><b>active</b>: OneLogin documents {@code status} 0 Unactivated, 1 Active, 2 Suspended, 3
 * Locked, 4 Password expired, 5 Awaiting password reset, 7 Password pending, 8 Security questions
 * required, and {@code state} 0 Unapproved, 1 Approved, 2 Rejected, 3 Unlicensed. A user is active
 * when the state is Approved (or absent) and the status is 1, 3, 4, 5, 7 or 8: statuses 3 to 8 are
 * passing credential conditions (a lockout that expires, a password to change or set, questions to
 * answer) of an account the administrator keeps enabled, and deactivating the host account for
 * them would churn. Unactivated (0), Suspended (2), an unapproved, rejected or unlicensed state,
 * and any status code OneLogin adds later are inactive. A record without {@code status} is judged
 * by its state alone.
 */
public final class UserJson {
  /** The fields read for {@link DirectoryUser}'s standard attributes. */
  public static final List<String> STANDARD_FIELDS =
      List.of("id", "username", "email", "firstname", "lastname", "status", "state", "manager_user_id");

  private UserJson() {}

  /** The user; {@code raw} is the JSON as OneLogin sent it. */
  public static DirectoryUser toUser(JsonNode json) {
    String id =
        id(json.get("id"))
            .orElseThrow(
                () ->
                    new DirectoryException(
                        "onelogin: a user record without an integer id; the answer is not the"
                            + " documented shape"));
    Optional<String> email = text(json.get("email"));
    Optional<String> given = text(json.get("firstname"));
    Optional<String> family = text(json.get("lastname"));
    String display = (given.orElse("") + " " + family.orElse("")).trim();
    return DirectoryUser.builder()
        .id(id)
        // OneLogin users may have no username and sign in with their email.
        .username(text(json.get("username")).orElse(email.orElse(id)))
        .email(email)
        .givenName(given)
        .familyName(family)
        .displayName(display.isEmpty() ? Optional.empty() : Optional.of(display))
        .active(active(json))
        .managerId(id(json.get("manager_user_id")).filter(m -> !m.equals("0")))
        .raw(json)
        .build();
  }

  /** Whether OneLogin lets the user sign in; see the class comment. */
  public static boolean active(JsonNode json) {
    JsonNode state = json.get("state");
    if (state != null && state.isNumber() && state.asInt() != 1) {
      return false;
    }
    JsonNode status = json.get("status");
    if (status == null || status.isNull()) {
      return true;
    }
    if (!status.isNumber()) {
      return false;
    }
    switch (status.asInt()) {
      case 1: // Active
      case 3: // Locked, until locked_until
      case 4: // Password expired
      case 5: // Awaiting password reset
      case 7: // Password pending
      case 8: // Security questions required
        return true;
      default: // 0 Unactivated, 2 Suspended, unknown codes
        return false;
    }
  }

  /**
   * The rest of the Get User record, asked for when a query names no attributes. OneLogin's
   * documented List Users sample leaves out the manager, title, department, company and custom
   * attributes; the v2 query guide says a list takes any field the single record has in {@code
   * fields}. {@code role_ids} is left out: it is not documented for lists, and groups are read
   * separately.
   */
  public static final List<String> DEFAULT_FIELDS =
      List.of(
          "title", "department", "company", "phone", "comment", "group_id", "directory_id",
          "trusted_idp_id", "external_id", "manager_ad_id", "samaccountname", "userprincipalname",
          "distinguished_name", "member_of", "preferred_locale_code", "custom_attributes",
          "invalid_login_attempts", "locked_until", "password_changed_at", "invitation_sent_at",
          "activated_at", "last_login", "created_at", "updated_at");

  /**
   * The {@code fields} projection for a user listing: the standard fields, plus the top-level field
   * of each path the query names ({@code custom_attributes.costCenter} asks for {@code
   * custom_attributes}), or {@link #DEFAULT_FIELDS} when it names none.
   */
  public static String fields(UserQuery query) {
    Set<String> fields = new LinkedHashSet<>(STANDARD_FIELDS);
    if (query.attributes().isEmpty()) {
      fields.addAll(DEFAULT_FIELDS);
    }
    for (String path : query.attributes()) {
      String p = path.startsWith("/") ? path.substring(1) : path;
      String top = p.split("[./\\[]", 2)[0].trim();
      if (!top.isEmpty()) {
        fields.add(top);
      }
    }
    return String.join(",", fields);
  }

  /** An integer id as text; OneLogin sends numbers, a string is accepted too. */
  public static Optional<String> id(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (node.isIntegralNumber()) {
      return Optional.of(node.bigIntegerValue().toString());
    }
    if (node.isTextual() && !node.asText().trim().isEmpty()) {
      return Optional.of(node.asText().trim());
    }
    return Optional.empty();
  }

  static Optional<String> text(@Nullable JsonNode node) {
    if (node == null || node.isNull() || !node.isValueNode()) {
      return Optional.empty();
    }
    String s = node.asText().trim();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
