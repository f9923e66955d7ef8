package io.github.usersync.core.jit;

import io.github.usersync.core.UsersyncException;
import org.jspecify.annotations.Nullable;

/**
 * A login was refused before any provisioning: the SSO front's token did not verify. The {@link
 * #reason()} says which check failed; the message says what to check. Never contains the token.
 */
public class LoginRefusedException extends UsersyncException {
  private static final long serialVersionUID = 1L;

  /** Which check refused the login. */
  public enum Reason {
    /** The header is missing or not a three-part JWT. */
    MALFORMED,
    /** The token is not signed ES256 ({@code none}, HS256 and everything else are refused). */
    WRONG_ALGORITHM,
    /** The {@code kid} is not a key id the ALB uses (it is checked before it goes into a URL). */
    BAD_KEY_ID,
    /** The token's {@code signer} is not one of the configured load balancers. */
    WRONG_SIGNER,
    /** The token has expired. */
    EXPIRED,
    /** The token is not valid yet. */
    NOT_YET_VALID,
    /** The signature does not match (a tampered token, or a key that is not the ALB's). */
    BAD_SIGNATURE,
    /** The ALB's public key could not be fetched. */
    KEY_UNAVAILABLE,
    /** {@code x-amzn-oidc-identity} is not the token's {@code sub}. */
    IDENTITY_MISMATCH
  }

  private final Reason reason;

  /** Creates the exception. */
  public LoginRefusedException(Reason reason, String message, @Nullable Throwable cause) {
    super("login refused (" + reason + "): " + message, cause);
    this.reason = reason;
  }

  /** Which check refused the login. */
  public Reason reason() {
    return reason;
  }
}
