package io.github.usersync.entra.internal;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.http.Jwt;
import io.github.usersync.core.http.Pem;
import io.github.usersync.core.settings.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;

/**
 * An Entra certificate credential: signs the client assertion JWT the token endpoint accepts in
 * place of a client secret ({@code private_key_jwt}), with JDK crypto only.
 *
 * <p>The header carries {@code alg=RS256} and both thumbprints, {@code x5t} (SHA-1, the form
 * Microsoft documented first) and {@code x5t#S256} (SHA-256, the form its current page shows), so
 * either lookup finds the certificate. Claims: {@code aud} = the token endpoint, {@code iss} =
 * {@code sub} = client id, a fresh {@code jti}, {@code iat} = {@code nbf} = now, {@code exp} = now
 * + 10 minutes (Microsoft: "5-10 minutes after nbf at most").
 */
public final class CertificateCredential {
  /** How long an assertion is valid. */
  public static final Duration LIFETIME = Duration.ofMinutes(10);

  private final PrivateKey key;
  private final String x5t;
  private final String x5tS256;

  private CertificateCredential(PrivateKey key, X509Certificate certificate) {
    this.key = key;
    this.x5t = Pem.x5t(certificate);
    this.x5tS256 = Pem.x5tS256(certificate);
  }

  /**
   * Reads and checks a certificate and its private key: both PEM, RSA, and belonging together.
   *
   * @throws ConfigurationException naming the setting at fault; never containing the key
   */
  public static CertificateCredential parse(
      String certificateSetting, String certificatePem, String keySetting, Secret keyPem) {
    X509Certificate certificate = Pem.certificate(certificateSetting, certificatePem);
    if (!(certificate.getPublicKey() instanceof RSAPublicKey)) {
      throw new ConfigurationException(
          certificateSetting,
          "holds a certificate with a "
              + certificate.getPublicKey().getAlgorithm()
              + " key; Entra certificate credentials are signed with RS256, so use a certificate"
              + " with an RSA key (2048 bits or more)");
    }
    PrivateKey key = Pem.privateKey(keySetting, keyPem.reveal());
    if (!(key instanceof RSAPrivateKey)) {
      throw new ConfigurationException(
          keySetting,
          "holds a " + key.getAlgorithm() + " key; the certificate's RSA key is needed");
    }
    if (!belongTogether(key, certificate)) {
      throw new ConfigurationException(
          keySetting,
          "does not belong to the certificate in "
              + certificateSetting
              + " (a test signature did not verify with the certificate's public key); use the"
              + " private key the certificate was issued for");
    }
    return new CertificateCredential(key, certificate);
  }

  /** A signed assertion for {@code clientId} at {@code tokenUrl}, valid from {@code now}. */
  public String assertion(String clientId, URI tokenUrl, Instant now) {
    return Jwt.rs256(key)
        .header("x5t", x5t)
        .header("x5t#S256", x5tS256)
        .clientAssertion(clientId, tokenUrl.toString(), now, LIFETIME)
        .sign();
  }

  /** The SHA-1 thumbprint as sent in {@code x5t}. */
  public String x5t() {
    return x5t;
  }

  /** The SHA-256 thumbprint as sent in {@code x5t#S256}. */
  public String x5tS256() {
    return x5tS256;
  }

  @Override
  public String toString() {
    return "CertificateCredential[x5t=" + x5t + "]";
  }

  private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
    try {
      byte[] probe = "usersync-entra key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
