package io.github.usersync.core.jit;

import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.core.sync.UserSyncResult;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a host calls once per login behind an SSO front such as an AWS Application Load Balancer:
 * verify the front's token, map its claims with the same mapping as batch runs, create or update the
 * user (optionally refreshing them from the IdP first, see {@link io.github.usersync.core.sync.ClaimsMapping#enrichment()}), and
 * return the host user or a clear refusal.
 *
 * <pre>{@code
 * LoginProvisioner logins = LoginProvisioner.forAlb(verifier, userSync);
 * LoginProvisioner.Result r = logins.login(request.getHeader("x-amzn-oidc-data"),
 *                                          request.getHeader("x-amzn-oidc-identity"));
 * if (!r.allowed()) { respond 403 with r.refusal() }
 * }</pre>
 */
public final class LoginProvisioner {
  private final @Nullable AlbTokenVerifier verifier;
  private final UserSync sync;

  private LoginProvisioner(@Nullable AlbTokenVerifier verifier, UserSync sync) {
    this.verifier = verifier;
    this.sync = Objects.requireNonNull(sync);
  }

  /** Logins behind an ALB: the token is verified first. */
  public static LoginProvisioner forAlb(AlbTokenVerifier verifier, UserSync sync) {
    return new LoginProvisioner(Objects.requireNonNull(verifier), sync);
  }

  /** Logins whose claims the host has verified itself (another SSO front). */
  public static LoginProvisioner forVerifiedClaims(UserSync sync) {
    return new LoginProvisioner(null, sync);
  }

  /**
   * Verifies the ALB's headers and provisions the user.
   *
   * @param oidcData the {@code x-amzn-oidc-data} header
   * @param oidcIdentity the {@code x-amzn-oidc-identity} header (cross-checked), may be null
   */
  public Result login(@Nullable String oidcData, @Nullable String oidcIdentity) {
    if (verifier == null) {
      throw new IllegalStateException("this provisioner takes verified claims; use login(Map)");
    }
    Map<String, Object> claims;
    try {
      claims = verifier.verify(oidcData, oidcIdentity);
    } catch (LoginRefusedException e) {
      return new Result(null, e, null);
    }
    return login(claims);
  }

  /** Provisions the user from claims that are already verified. */
  public Result login(Map<String, ?> verifiedClaims) {
    UserSyncResult r = sync.provisionFromClaims(verifiedClaims);
    return new Result(r, null, verifiedClaims);
  }

  /** The outcome of one login. */
  public static final class Result {
    private final @Nullable UserSyncResult sync;
    private final @Nullable LoginRefusedException refused;
    private final @Nullable Map<String, ?> claims;

    Result(@Nullable UserSyncResult sync, @Nullable LoginRefusedException refused, @Nullable Map<String, ?> claims) {
      this.sync = sync;
      this.refused = refused;
      this.claims = claims;
    }

    /** Whether the user may sign in: the token verified and the account exists and is active. */
    public boolean allowed() {
      return sync != null && sync.allowed();
    }

    /** The host user, when provisioned. */
    public Optional<HostUser> user() {
      return sync == null ? Optional.empty() : sync.user();
    }

    /** Why the login was refused: a token check, or the provisioning result's reason. */
    public Optional<String> refusal() {
      if (refused != null) {
        return Optional.of(String.valueOf(refused.getMessage()));
      }
      if (sync != null && !sync.allowed()) {
        return Optional.of(sync.reason().orElse("the account is not active (" + sync.status() + ")"));
      }
      return Optional.empty();
    }

    /** The token check that failed, if one did. */
    public Optional<LoginRefusedException> tokenRefusal() {
      return Optional.ofNullable(refused);
    }

    /** The provisioning result, when the token verified. */
    public Optional<UserSyncResult> syncResult() {
      return Optional.ofNullable(sync);
    }

    /** The verified claims, when the token verified. */
    public Optional<Map<String, ?>> claims() {
      return Optional.ofNullable(claims);
    }

    @Override
    public String toString() {
      return allowed() ? "allowed " + user().map(HostUser::username).orElse("?") : "refused: " + refusal().orElse("?");
    }
  }
}
