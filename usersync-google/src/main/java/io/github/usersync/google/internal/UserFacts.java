package io.github.usersync.google.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What the directory keeps of a recently read user: the manager's email and the photo etag. */
public final class UserFacts {
  // Most users have no manager or no photo; those with neither share one instance.
  private static final UserFacts NONE = new UserFacts(null, null);

  private final @Nullable String managerEmail;
  private final @Nullable String photoEtag;

  private UserFacts(@Nullable String managerEmail, @Nullable String photoEtag) {
    this.managerEmail = managerEmail;
    this.photoEtag = photoEtag;
  }

  /** The facts a User resource shows. */
  public static UserFacts of(JsonNode user) {
    String manager = GoogleUsers.managerEmail(user).orElse(null);
    String etag = GoogleUsers.photoEtag(user).orElse(null);
    return manager == null && etag == null ? NONE : new UserFacts(manager, etag);
  }

  /** The manager's email, when the user has a manager relation. */
  public Optional<String> managerEmail() {
    return Optional.ofNullable(managerEmail);
  }

  /** The {@code thumbnailPhotoEtag}, when the user has a photo. */
  public Optional<String> photoEtag() {
    return Optional.ofNullable(photoEtag);
  }
}
