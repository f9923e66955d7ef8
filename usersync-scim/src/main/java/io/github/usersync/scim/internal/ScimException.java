package io.github.usersync.scim.internal;

import io.github.usersync.core.UsersyncException;
import org.jspecify.annotations.Nullable;

/**
 * A request the service provider refuses, with the HTTP status and SCIM error type (RFC 7644
 * §3.12) to answer with. Internal: the handler turns it into an error response.
 */
public class ScimException extends UsersyncException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final @Nullable String scimType;

  /** A refusal with a status, an optional {@code scimType} and a detail for the client. */
  public ScimException(int status, @Nullable String scimType, String detail) {
    super(detail);
    this.status = status;
    this.scimType = scimType;
  }

  /** 400 with a SCIM error type. */
  public static ScimException badRequest(String scimType, String detail) {
    return new ScimException(400, scimType, detail);
  }

  /** 404. */
  public static ScimException notFound(String detail) {
    return new ScimException(404, null, detail);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The SCIM error type, if any. */
  public @Nullable String scimType() {
    return scimType;
  }
}
