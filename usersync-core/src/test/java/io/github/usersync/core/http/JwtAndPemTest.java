package io.github.usersync.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwtAndPemTest {
  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  @Test
  void signsAnRs256ClientAssertionThatVerifies() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    PrivateKey key = Pem.privateKey("privateKey", pem("PRIVATE KEY", kp.getPrivate().getEncoded()));

    String jwt = Jwt.rs256(key).header("kid", "k1")
        .clientAssertion("client", "https://acme.okta.com/oauth2/v1/token", Instant.ofEpochSecond(1000), Duration.ofMinutes(5))
        .sign();

    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(header.path("kid").asText()).isEqualTo("k1");
    assertThat(claims.path("iss").asText()).isEqualTo("client");
    assertThat(claims.path("aud").asText()).isEqualTo("https://acme.okta.com/oauth2/v1/token");
    assertThat(claims.path("exp").asLong()).isEqualTo(1300);
    Signature v = Signature.getInstance("SHA256withRSA");
    v.initVerify(kp.getPublic());
    v.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(v.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
  }

  @Test
  void readsPkcs1RsaKeys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    // PKCS#8 wraps PKCS#1 in an OCTET STRING at the end; cut it out to make a PKCS#1 PEM.
    byte[] pkcs8 = kp.getPrivate().getEncoded();
    byte[] pkcs1 = extractPkcs1(pkcs8);

    PrivateKey key = Pem.privateKey("privateKey", pem("RSA PRIVATE KEY", pkcs1));

    assertThat(key.getEncoded()).isEqualTo(pkcs8);
  }

  @Test
  void es256SignaturesAreRawRAndS() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();

    String jwt = Jwt.es256(kp.getPrivate()).claim("sub", "x").sign();

    byte[] sig = Base64.getUrlDecoder().decode(jwt.split("\\.")[2]);
    assertThat(sig).hasSize(64);
    Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
    v.initVerify(kp.getPublic());
    v.update(jwt.substring(0, jwt.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII));
    assertThat(v.verify(sig)).isTrue();
  }

  @Test
  void badPemNamesTheSettingAndNotTheKey() {
    assertThatThrownBy(() -> Pem.privateKey("privateKey", "not a key at all"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("privateKey: is not a PEM private key");
    assertThatThrownBy(() -> Pem.privateKey("privateKey", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----"))
        .hasMessageContaining("encrypted");
  }

  @Test
  void acceptsEscapedNewlinesAsInJsonKeyFiles() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    String escaped = pem("PRIVATE KEY", g.generateKeyPair().getPrivate().getEncoded()).replace("\n", "\\n");

    assertThat(Pem.privateKey("private_key", escaped).getAlgorithm()).isEqualTo("RSA");
  }

  private static byte[] extractPkcs1(byte[] pkcs8) {
    // SEQUENCE { INTEGER 0, SEQUENCE {...}, OCTET STRING { pkcs1 } }: find the OCTET STRING tag 0x04
    int i = 0;
    i = skipHeader(pkcs8, i); // outer sequence
    i += 3; // version
    i += 2 + (pkcs8[i + 1] & 0xFF); // algorithm identifier
    int lenStart = i + 1;
    int len;
    int hdr;
    if ((pkcs8[lenStart] & 0x80) == 0) {
      len = pkcs8[lenStart];
      hdr = 2;
    } else {
      int n = pkcs8[lenStart] & 0x7F;
      len = 0;
      for (int k = 1; k <= n; k++) {
        len = (len << 8) | (pkcs8[lenStart + k] & 0xFF);
      }
      hdr = 2 + n;
    }
    byte[] out = new byte[len];
    System.arraycopy(pkcs8, i + hdr, out, 0, len);
    return out;
  }

  private static int skipHeader(byte[] der, int i) {
    int b = der[i + 1] & 0xFF;
    return i + 2 + ((b & 0x80) == 0 ? 0 : (b & 0x7F));
  }
}
