package io.github.usersync.core.jit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.NotFoundException;
import io.github.usersync.core.RemoteCallException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Verifies the {@code x-amzn-oidc-data} header an AWS Application Load Balancer sends after it has
 * authenticated a user, as AWS's "Authenticate users using an Application Load Balancer" guide
 * describes:
 *
 * <ul>
 *   <li>the header is a JWT signed with ES256 (ECDSA P-256, SHA-256); any other {@code alg} —
 *       {@code none}, HS256, RS256 — is refused;
 *   <li>the public key is fetched by the token's {@code kid} from the region's endpoint {@code
 *       https://public-keys.auth.elb.<region>.amazonaws.com/<kid>} (PEM), and cached: a login whose
 *       key is cached costs no network call. The {@code kid} is checked strictly before it goes
 *       into the URL;
 *   <li>the header's {@code signer} must be one of the configured ALB ARNs;
 *   <li>{@code exp} is enforced, with a small clock skew (default 60 s);
 *   <li>base64url segments are accepted with or without padding (ALB pads).
 * </ul>
 *
 * <p>Thread-safe; create one per application.
 */
public final class AlbTokenVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  // ALB key ids are UUIDs; accept the UUID alphabet only, so no value can reach the URL path as
  // "/", "..", "%2F" or the like.
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

  private final Set<String> signers;
  private final String keyUrlTemplate;
  private final Duration skew;
  private final Clock clock;
  private final ApiClient keys;
  private final Map<String, PublicKey> cache = new ConcurrentHashMap<>();
  private final Map<String, Instant> missing = new ConcurrentHashMap<>();
  private final Duration missingTtl;

  private AlbTokenVerifier(Builder b) {
    if (b.signers.isEmpty()) {
      throw new ConfigurationException("albArn",
          "is required: the ARN of the load balancer whose tokens are trusted, e.g."
              + " arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188");
    }
    this.signers = Collections.unmodifiableSet(new LinkedHashSet<>(b.signers));
    String template = b.keyUrlTemplate;
    if (template == null) {
      String region = b.region;
      if (region == null) {
        region = regionOf(this.signers.iterator().next());
      }
      if (!REGION.matcher(region).matches()) {
        throw new ConfigurationException("region", "'" + region + "' is not an AWS region such as eu-west-1");
      }
      template = "https://public-keys.auth.elb." + region + ".amazonaws.com/{kid}";
    }
    if (!template.contains("{kid}")) {
      throw new ConfigurationException("keyUrl", "must contain {kid}, e.g. https://public-keys.auth.elb.eu-west-1.amazonaws.com/{kid}");
    }
    this.keyUrlTemplate = template;
    URI base = URI.create(template.replace("{kid}", "kid"));
    this.skew = b.skew;
    this.clock = b.clock;
    this.missingTtl = b.missingTtl;
    this.keys = ApiClient.builder("alb-public-keys", URI.create(base.getScheme() + "://" + base.getRawAuthority()))
        .httpClient(b.http)
        .retryPolicy(RetryPolicy.of(2, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2)))
        .requestTimeout(b.timeout)
        .connectTimeout(b.timeout)
        .build();
  }

  /** A builder trusting tokens signed for the load balancer {@code albArn}. */
  public static Builder builder(String albArn) {
    return new Builder().addSigner(albArn);
  }

  /** The region in an ALB ARN ({@code arn:aws:elasticloadbalancing:<region>:...}). */
  static String regionOf(String arn) {
    String[] parts = arn.split(":");
    if (parts.length < 6 || !parts[0].equals("arn") || !parts[2].equals("elasticloadbalancing")) {
      throw new ConfigurationException("albArn",
          "'" + arn + "' is not a load balancer ARN (arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>)");
    }
    return parts[3];
  }

  /**
   * Verifies the header and returns the user's claims.
   *
   * @param oidcData the {@code x-amzn-oidc-data} header
   * @param oidcIdentity the {@code x-amzn-oidc-identity} header, cross-checked with {@code sub}
   *     when given
   * @throws LoginRefusedException saying which check failed
   */
  public Map<String, Object> verify(@Nullable String oidcData, @Nullable String oidcIdentity) {
    if (oidcData == null || oidcData.trim().isEmpty()) {
      throw new LoginRefusedException(LoginRefusedException.Reason.MALFORMED,
          "the request carries no x-amzn-oidc-data header; is the application reached through the"
              + " load balancer, with an authenticate-oidc or authenticate-cognito action on the rule?", null);
    }
    String[] parts = oidcData.trim().split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new LoginRefusedException(LoginRefusedException.Reason.MALFORMED,
          "x-amzn-oidc-data is not a JWT of three dot-separated parts", null);
    }
    JsonNode header = json(parts[0], "header");
    String alg = header.path("alg").asText("");
    if (!alg.equals("ES256")) {
      throw new LoginRefusedException(LoginRefusedException.Reason.WRONG_ALGORITHM,
          "the token is signed with '" + alg + "'; an ALB signs with ES256 and nothing else is accepted", null);
    }
    String kid = header.path("kid").asText("");
    if (!KEY_ID.matcher(kid).matches()) {
      throw new LoginRefusedException(LoginRefusedException.Reason.BAD_KEY_ID,
          "the token's kid is not an ALB key id (letters, digits and '-' only)", null);
    }
    String signer = header.path("signer").asText("");
    if (!signers.contains(signer)) {
      throw new LoginRefusedException(LoginRefusedException.Reason.WRONG_SIGNER,
          "the token was signed for '" + signer + "', not for " + signers
              + "; check the albArn setting, or whether another load balancer forwards to this application", null);
    }
    PublicKey key = key(kid);
    byte[] signature = decode(parts[2], "signature");
    try {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initVerify(key);
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (signature.length != 64 || !s.verify(signature)) {
        throw new LoginRefusedException(LoginRefusedException.Reason.BAD_SIGNATURE,
            "the token's signature does not verify with the ALB's key " + kid, null);
      }
    } catch (GeneralSecurityException e) {
      throw new LoginRefusedException(LoginRefusedException.Reason.BAD_SIGNATURE,
          "the token's signature cannot be verified: " + e.getMessage(), e);
    }
    JsonNode payload = json(parts[1], "payload");
    Instant now = clock.instant();
    long exp = header.has("exp") ? header.path("exp").asLong(0) : payload.path("exp").asLong(0);
    if (exp <= 0) {
      throw new LoginRefusedException(LoginRefusedException.Reason.MALFORMED, "the token has no exp", null);
    }
    if (now.isAfter(Instant.ofEpochSecond(exp).plus(skew))) {
      throw new LoginRefusedException(LoginRefusedException.Reason.EXPIRED,
          "the token expired at " + Instant.ofEpochSecond(exp) + " (now " + now + ", allowed skew " + skew
              + "); the ALB issues a new one on the next request, so a reload normally fixes it", null);
    }
    for (String field : new String[] {"nbf", "iat"}) {
      long t = payload.path(field).asLong(0);
      if (t > 0 && Instant.ofEpochSecond(t).isAfter(now.plus(skew))) {
        throw new LoginRefusedException(LoginRefusedException.Reason.NOT_YET_VALID,
            "the token is not valid before " + Instant.ofEpochSecond(t) + " (now " + now
                + "); check this host's clock", null);
      }
    }
    Map<String, Object> claims = JSON.convertValue(payload, new TypeReference<LinkedHashMap<String, Object>>() {});
    if (oidcIdentity != null && !oidcIdentity.trim().isEmpty()
        && !oidcIdentity.trim().equals(String.valueOf(claims.get("sub")))) {
      throw new LoginRefusedException(LoginRefusedException.Reason.IDENTITY_MISMATCH,
          "x-amzn-oidc-identity does not match the token's sub claim", null);
    }
    return claims;
  }

  /** How many keys are cached. */
  public int cachedKeys() {
    return cache.size();
  }

  private PublicKey key(String kid) {
    PublicKey cached = cache.get(kid);
    if (cached != null) {
      return cached;
    }
    Instant missingUntil = missing.get(kid);
    if (missingUntil != null && clock.instant().isBefore(missingUntil)) {
      throw new LoginRefusedException(LoginRefusedException.Reason.BAD_KEY_ID,
          "the ALB has no public key " + kid + " (asked recently)", null);
    }
    return cache.computeIfAbsent(kid, this::fetch);
  }

  private PublicKey fetch(String kid) {
    String url = keyUrlTemplate.replace("{kid}", kid);
    String pem;
    try {
      pem = keys.send(ApiRequest.get(URI.create(url)).authenticated(false).header("Accept", "*/*").build()).bodyText();
    } catch (NotFoundException e) {
      missing.put(kid, clock.instant().plus(missingTtl));
      throw new LoginRefusedException(LoginRefusedException.Reason.BAD_KEY_ID,
          "the ALB has no public key " + kid + " at " + url, e);
    } catch (RemoteCallException e) {
      throw new LoginRefusedException(LoginRefusedException.Reason.KEY_UNAVAILABLE,
          "the ALB's public key could not be fetched: " + e.getMessage(), e);
    }
    try {
      String body = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
      PublicKey k = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
      if (!(k instanceof ECPublicKey)) {
        throw new GeneralSecurityException("not an EC key");
      }
      return k;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new LoginRefusedException(LoginRefusedException.Reason.KEY_UNAVAILABLE,
          "the answer from " + url + " is not a PEM EC public key", e);
    }
  }

  private static JsonNode json(String segment, String what) {
    try {
      JsonNode n = JSON.readTree(decode(segment, what));
      if (n == null || !n.isObject()) {
        throw new IOException("not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new LoginRefusedException(LoginRefusedException.Reason.MALFORMED,
          "the token's " + what + " is not base64url-encoded JSON", e);
    }
  }

  /** base64url with or without padding (ALB pads; RFC 7515 does not). */
  static byte[] decode(String segment, String what) {
    String s = segment;
    while (s.endsWith("=")) {
      s = s.substring(0, s.length() - 1);
    }
    try {
      return Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new LoginRefusedException(LoginRefusedException.Reason.MALFORMED,
          "the token's " + what + " is not base64url", e);
    }
  }

  @Override
  public String toString() {
    return "AlbTokenVerifier[" + signers + ", " + keyUrlTemplate + ", " + cache.size() + " keys cached]";
  }

  /** Builds an {@link AlbTokenVerifier}. */
  public static final class Builder {
    private final Set<String> signers = new LinkedHashSet<>();
    private @Nullable String region;
    private @Nullable String keyUrlTemplate;
    private Duration skew = Duration.ofSeconds(60);
    private Duration timeout = Duration.ofSeconds(5);
    private Duration missingTtl = Duration.ofMinutes(1);
    private Clock clock = Clock.systemUTC();
    private @Nullable HttpClient http;

    private Builder() {}

    /** Also trusts tokens signed for this load balancer. */
    public Builder addSigner(String albArn) {
      signers.add(Objects.requireNonNull(albArn).trim());
      return this;
    }

    /** The region of the key endpoint (default: the region in the first ARN). */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * The key URL with a {@code {kid}} placeholder, for AWS GovCloud's S3 endpoints or tests,
     * e.g. {@code https://s3-us-gov-west-1.amazonaws.com/aws-elb-public-keys-prod-us-gov-west-1/{kid}}.
     */
    public Builder keyUrl(String template) {
      this.keyUrlTemplate = template;
      return this;
    }

    /** The clock skew allowed on {@code exp} (default 60 s). */
    public Builder clockSkew(Duration skew) {
      this.skew = skew;
      return this;
    }

    /** The time allowed to fetch a key (default 5 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** The clock. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The JDK client to fetch keys with (a host's, with its proxy). */
    public Builder httpClient(@Nullable HttpClient http) {
      this.http = http;
      return this;
    }

    /** The verifier. */
    public AlbTokenVerifier build() {
      return new AlbTokenVerifier(this);
    }
  }
}
