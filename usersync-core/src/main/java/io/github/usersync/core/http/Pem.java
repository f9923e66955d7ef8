package io.github.usersync.core.http;

import io.github.usersync.core.ConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM keys and certificates with JDK crypto only: PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or
 * EC), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), and X.509 certificates; computes certificate
 * thumbprints for {@code x5t}. Errors name the setting and never include the key.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

  private Pem() {}

  /**
   * Reads a private key from PEM text (PKCS#8 RSA or EC, or PKCS#1 RSA). Literal {@code \n}
   * sequences, as in a JSON key file or an environment variable, are accepted.
   *
   * @param setting the setting name, for messages
   */
  public static PrivateKey privateKey(String setting, String pem) {
    String text = pem.replace("\\n", "\n");
    Matcher m = BLOCK.matcher(text);
    if (!m.find()) {
      throw new ConfigurationException(
          setting,
          "is not a PEM private key; expected text between -----BEGIN PRIVATE KEY----- and"
              + " -----END PRIVATE KEY-----");
    }
    String type = m.group(1);
    byte[] der = decode(setting, m.group(2));
    byte[] pkcs8;
    if (type.equals("PRIVATE KEY")) {
      pkcs8 = der;
    } else if (type.equals("RSA PRIVATE KEY")) {
      pkcs8 = rsaPkcs1ToPkcs8(der);
    } else if (type.equals("ENCRYPTED PRIVATE KEY")) {
      throw new ConfigurationException(
          setting,
          "holds an encrypted private key; decrypt it first, e.g. openssl pkcs8 -topk8 -nocrypt"
              + " -in key.pem");
    } else {
      throw new ConfigurationException(
          setting,
          "holds a PEM block of type '"
              + type
              + "'; expected PRIVATE KEY (PKCS#8) or RSA PRIVATE KEY (convert with openssl pkcs8"
              + " -topk8 -nocrypt)");
    }
    for (String alg : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new ConfigurationException(setting, "holds a private key that is neither RSA nor EC");
  }

  /** Reads the first X.509 certificate from PEM text. */
  public static X509Certificate certificate(String setting, String pem) {
    String text = pem.replace("\\n", "\n");
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).equals("CERTIFICATE")) {
        try {
          return (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(decode(setting, m.group(2))));
        } catch (CertificateException e) {
          throw new ConfigurationException(setting, "holds a certificate that cannot be read", e);
        }
      }
    }
    throw new ConfigurationException(
        setting, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }

  /** The {@code x5t} thumbprint: base64url of the SHA-1 of the certificate's DER encoding. */
  public static String x5t(X509Certificate certificate) {
    return thumbprint(certificate, "SHA-1");
  }

  /** The {@code x5t#S256} thumbprint: base64url of the SHA-256 of the DER encoding. */
  public static String x5tS256(X509Certificate certificate) {
    return thumbprint(certificate, "SHA-256");
  }

  private static String thumbprint(X509Certificate certificate, String digest) {
    try {
      return Jwt.base64Url(MessageDigest.getInstance(digest).digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot compute a " + digest + " thumbprint", e);
    }
  }

  private static byte[] decode(String setting, String base64) {
    try {
      return Base64.getMimeDecoder().decode(base64.replaceAll("\\s", "").getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(setting, "holds PEM text that is not valid base64", e);
    }
  }

  // PKCS#8 PrivateKeyInfo { version 0, AlgorithmIdentifier rsaEncryption NULL, OCTET STRING pkcs1 }
  private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
    byte[] algorithm = {
      0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
      0x01, 0x05, 0x00
    };
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = der(0x04, pkcs1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(version, 0, version.length);
    body.write(algorithm, 0, algorithm.length);
    body.write(octets, 0, octets.length);
    return der(0x30, body.toByteArray());
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int len = content.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len & 0xFF);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write((len >> 8) & 0xFF);
      out.write(len & 0xFF);
    }
    out.write(content, 0, content.length);
    return out.toByteArray();
  }
}
