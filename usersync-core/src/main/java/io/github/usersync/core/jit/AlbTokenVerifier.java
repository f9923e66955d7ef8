package io.github.usersync.core.jit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.NotFoundException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.RetryPolicy;
import java.io.IOException;
import java.math.BigInteger;
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
import java.util.Arrays;
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
 * <p>Hardened against hostile input: a token longer than {@link Builder#maxTokenBytes} (default
 * 16 KiB) is refused before it is decoded; a key answer is read within one deadline for headers
 * and body ({@link Builder#timeout}) and up to 16 KiB; a claim that is not a number of seconds in
 * a sane range ({@code exp: 1e300}, {@code "exp": "soon"}) refuses the login; an ECDSA signature
 * with r or s outside [1, n-1] (the all-zero signature of CVE-2022-21449) is refused before the
 * JDK sees it. Every failure is a {@link LoginRefusedException}. The signature is checked with the
 * JDK's own ECDSA (see docs/jit-alb.md for why not a JOSE library).
 *
 * <p>Thread-safe; create one per application.
 */
public final class AlbTokenVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  // ALB key ids are UUIDs; accept the UUID alphabet only, so no value can reach the URL path as
  // "/", "..", "%2F" or the like.
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  // A PEM P-256 public key is under 200 bytes; anything near this is not one.
  private static final long MAX_KEY_BYTES = 16 * 1024;
  // The order n of the P-256 group (FIPS 186-4, D.1.2.3): r and s must lie in [1, n-1].
  private static final BigInteger P256_ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
  // Seconds since the epoch of 9999-12-31T23:59:59Z: later times are not times.
  private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

  private final Set<String> signers;
  private final String keyUrlTemplate;
  private final Duration skew;
  private final Clock clock;
  private final ApiClient keys;
  private final Map<String, PublicKey> cache = new ConcurrentHashMap<>();
  private final Map<String, Instant> missing = new ConcurrentHashMap<>();
  private final Duration missingTtl;
  private final int maxTokenBytes;

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
    this.maxTokenBytes = b.maxTokenBytes;
    // One attempt, whole answer (headers and body) within the timeout, at most 16 KiB: a login
    // waits no longer than the timeout for a key, however slowly or largely the server answers.
    // A failed fetch is not remembered, so the next login tries again.
    this.keys = ApiClient.builder("alb-public-keys", URI.create(base.getScheme() + "://" + base.getRawAuthority()))
        .httpClient(b.http)
        .retryPolicy(RetryPolicy.none())
        .requestTimeout(b.timeout)
        .connectTimeout(b.timeout)
        .maxResponseBytes(MAX_KEY_BYTES)
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
    try {
      return verifyChecked(oidcData, oidcIdentity);
    } catch (LoginRefusedException e) {
      throw e;
    } catch (RuntimeException e) {
      // Whatever else a hostile token provokes (an arithmetic overflow, a parser limit) refuses
      // the login rather than escaping as an unexpected exception.
      throw new LoginRefusedException(LoginRefusedException.Reason.MALFORMED,
          "the token could not be read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private Map<String, Object> verifyChecked(@Nullable String oidcData, @Nullable String oidcIdentity) {
    if (oidcData != null && oidcData.length() > maxTokenBytes) {
      throw new LoginRefusedException(LoginRefusedException.Reason.MALFORMED,
          "x-amzn-oidc-data is " + oidcData.length() + " bytes, more than the " + maxTokenBytes
              + " allowed (maxTokenBytes)", null);
    }
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
    byte[] signature = decode(parts[2], "signature");
    requireSignatureInRange(signature, kid);
    PublicKey key = key(kid);
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
    Long exp = header.has("exp") ? epochSecond(header, "exp") : epochSecond(payload, "exp");
    if (exp == null) {
      throw new LoginRefusedException(LoginRefusedException.Reason.MALFORMED, "the token has no exp", null);
    }
    if (now.isAfter(Instant.ofEpochSecond(exp).plus(skew))) {
      throw new LoginRefusedException(LoginRefusedException.Reason.EXPIRED,
          "the token expired at " + Instant.ofEpochSecond(exp) + " (now " + now + ", allowed skew " + skew
              + "); the ALB issues a new one on the next request, so a reload normally fixes it", null);
    }
    for (String field : new String[] {"nbf", "iat"}) {
      Long t = epochSecond(payload, field);
      if (t != null && Instant.ofEpochSecond(t).isAfter(now.plus(skew))) {
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

  /**
   * A time claim as epoch seconds, or null when absent; anything but a whole number of seconds
   * between 1 and the year 9999 is malformed (RFC 7519 NumericDate allows fractions: they are
   * truncated).
   */
  private static @Nullable Long epochSecond(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 1 || v.asDouble() > MAX_EPOCH_SECOND) {
      throw new LoginRefusedException(LoginRefusedException.Reason.MALFORMED,
          "the token's " + field + " is not a time in seconds since 1970", null);
    }
    return v.isIntegralNumber() ? v.asLong() : (long) v.asDouble();
  }

  /**
   * Refuses an ES256 signature whose r or s lies outside [1, n-1]: JDK 15 to 17.0.2 accepted the
   * all-zero signature for any message (CVE-2022-21449, "psychic signatures"). Checked here so a
   * host on such a JDK is safe too, and before a key is fetched for it.
   */
  private static void requireSignatureInRange(byte[] signature, String kid) {
    if (signature.length != 64) {
      throw new LoginRefusedException(LoginRefusedException.Reason.BAD_SIGNATURE,
          "the token's signature is " + signature.length + " bytes, not the 64 of ES256", null);
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    if (r.signum() == 0 || s.signum() == 0 || r.compareTo(P256_ORDER) >= 0 || s.compareTo(P256_ORDER) >= 0) {
      throw new LoginRefusedException(LoginRefusedException.Reason.BAD_SIGNATURE,
          "the token's signature has r or s outside [1, n-1] (an all-zero or forged signature,"
              + " CVE-2022-21449); it does not verify with the ALB's key " + kid, null);
    }
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
    } catch (UsersyncException e) {
      // Unreachable, too slow (headers and body within the timeout), too large, or an error.
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
    private int maxTokenBytes = 16 * 1024;
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

    /**
     * The time allowed to fetch a key, connection, headers and body together (default 5 s): a
     * login never waits longer for a key.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * The longest {@code x-amzn-oidc-data} accepted, in bytes (default 16 KiB, above the claims
     * an ALB forwards); a longer header is refused before it is decoded.
     */
    public Builder maxTokenBytes(int maxTokenBytes) {
      if (maxTokenBytes < 256) {
        throw new IllegalArgumentException("maxTokenBytes must be at least 256");
      }
      this.maxTokenBytes = maxTokenBytes;
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
