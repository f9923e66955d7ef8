package io.github.usersync.google.internal;

import io.github.usersync.core.http.ApiRequest;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Turns the attribute paths a mapping reads ({@code UserQuery.attributes()}) into the narrowest
 * users.list / users.get parameters: {@code projection=basic} unless custom schemas are read
 * ({@code projection=custom&customFieldMask=HR,Travel}, or {@code full} for all schemas), and a
 * {@code fields} selection of the standard fields plus the top-level fields the paths name.
 *
 * <p>The standard fields are always selected, as are {@code relations} and {@code
 * thumbnailPhotoEtag}: they feed the manager and photo fingerprint without another request. When
 * a path names a field the User resource does not have, no {@code fields} selection is sent
 * (Google would refuse the whole request), so the answer carries everything.
 */
public final class UserProjection {
  private static final Set<String> ALWAYS =
      new LinkedHashSet<>(
          Arrays.asList(
              "id", "primaryEmail", "name", "suspended", "archived", "relations",
              "thumbnailPhotoEtag"));

  // The User resource's fields (Directory API v1 reference / discovery document).
  private static final Set<String> USER_FIELDS =
      new HashSet<>(
          Arrays.asList(
              "addresses", "agreedToTerms", "aliases", "archived", "changePasswordAtNextLogin",
              "creationTime", "customSchemas", "customerId", "deletionTime", "emails", "etag",
              "externalIds", "gender", "guestAccountInfo", "hashFunction", "id", "ims",
              "includeInGlobalAddressList", "ipWhitelisted", "isAdmin", "isDelegatedAdmin",
              "isEnforcedIn2Sv", "isEnrolledIn2Sv", "isGuestUser", "isMailboxSetup", "keywords",
              "kind", "languages", "lastLoginTime", "locations", "name", "nonEditableAliases",
              "notes", "orgUnitPath", "organizations", "phones", "posixAccounts", "primaryEmail",
              "recoveryEmail", "recoveryPhone", "relations", "sshPublicKeys", "suspended",
              "suspensionReason", "thumbnailPhotoEtag", "thumbnailPhotoUrl", "websites"));

  private final String projection;
  private final @Nullable String customFieldMask;
  private final @Nullable String fields;

  private UserProjection(String projection, @Nullable String customFieldMask, @Nullable String fields) {
    this.projection = projection;
    this.customFieldMask = customFieldMask;
    this.fields = fields;
  }

  /** The parameters for reading {@code attributes}; empty attributes read the basic projection. */
  public static UserProjection of(Collection<String> attributes) {
    Set<String> schemas = new TreeSet<>();
    boolean allSchemas = false;
    Set<String> tops = new LinkedHashSet<>(ALWAYS);
    boolean selectable = !attributes.isEmpty();
    for (String path : attributes) {
      String[] parts = segments(path);
      if (parts.length == 0) {
        continue;
      }
      String top = parts[0];
      if (top.equals(GoogleUsers.PRIMARY_ORGANIZATION)) {
        top = "organizations";
      } else if (top.equals(GoogleUsers.MANAGER_EMAIL)) {
        top = "relations";
      }
      if (top.equals("customSchemas")) {
        if (parts.length > 1) {
          schemas.add(parts[1]);
        } else {
          allSchemas = true;
        }
      }
      if (!USER_FIELDS.contains(top)) {
        selectable = false;
      }
      tops.add(top);
    }
    String projection;
    String mask = null;
    if (allSchemas) {
      projection = "full";
    } else if (!schemas.isEmpty()) {
      projection = "custom";
      mask = String.join(",", schemas);
    } else {
      projection = "basic";
    }
    return new UserProjection(projection, mask, selectable ? String.join(",", tops) : null);
  }

  /** The standard projection with no field selection. */
  public static UserProjection basic() {
    return of(Collections.emptySet());
  }

  // "customSchemas.HR.costCenter" -> [customSchemas, HR, costCenter]; "emails[0].address" -> [emails, ...]
  private static String[] segments(String path) {
    String p = path.trim();
    if (p.startsWith("$.")) {
      p = p.substring(2);
    } else if (p.startsWith("/")) {
      p = p.substring(1).replace('/', '.');
    }
    return Arrays.stream(p.split("[.\\[\\]]+")).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }

  /** {@code basic}, {@code custom} or {@code full}. */
  public String projection() {
    return projection;
  }

  /** The schema names for {@code projection=custom}. */
  public Optional<String> customFieldMask() {
    return Optional.ofNullable(customFieldMask);
  }

  /** The user fields to select, comma-separated; empty to select all. */
  public Optional<String> userFields() {
    return Optional.ofNullable(fields);
  }

  /** Adds the projection parameters (and, for a list, the {@code fields} selection) to a request. */
  public ApiRequest.Builder apply(ApiRequest.Builder request, boolean list) {
    request.query("projection", projection);
    if (customFieldMask != null) {
      request.query("customFieldMask", customFieldMask);
    }
    request.query("viewType", "admin_view");
    if (fields != null) {
      request.query("fields", list ? "nextPageToken,users(" + fields + ")" : fields);
    }
    return request;
  }
}
