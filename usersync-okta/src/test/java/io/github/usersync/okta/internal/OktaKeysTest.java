package io.github.usersync.okta.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.ConfigurationException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OktaKeysTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static KeyPair rsa;
  private static KeyPair ec;

  @BeforeAll
  static void generateKeys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    rsa = g.generateKeyPair();
    KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
    e.initialize(new ECGenParameterSpec("secp256r1"));
    ec = e.generateKeyPair();
  }

  private static String b64(BigInteger i) {
    byte[] b = i.toByteArray();
    if (b.length > 1 && b[0] == 0) {
      b = Arrays.copyOfRange(b, 1, b.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The private JWK as Okta's Admin Console shows it after "Generate new key". */
  static ObjectNode rsaJwk(String kid) {
    RSAPrivateCrtKey k = (RSAPrivateCrtKey) rsa.getPrivate();
    ObjectNode j = JSON.createObjectNode();
    j.put("p", b64(k.getPrimeP()));
    j.put("kty", "RSA");
    j.put("q", b64(k.getPrimeQ()));
    j.put("d", b64(k.getPrivateExponent()));
    j.put("e", b64(k.getPublicExponent()));
    j.put("use", "sig");
    j.put("kid", kid);
    j.put("qi", b64(k.getCrtCoefficient()));
    j.put("dp", b64(k.getPrimeExponentP()));
    j.put("alg", "RS256");
    j.put("dq", b64(k.getPrimeExponentQ()));
    j.put("n", b64(k.getModulus()));
    return j;
  }

  static String pkcs8Pem() {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsa.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /** Splits a compact JWT and checks its signature with {@code key}. */
  static JsonNode[] verify(String jwt, PublicKey key, String algorithm) throws Exception {
    String[] parts = jwt.split("\\.", -1);
    Signature s = Signature.getInstance(algorithm);
    s.initVerify(key);
    s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(s.verify(Base64.getUrlDecoder().decode(parts[2]))).as("signature verifies").isTrue();
    return new JsonNode[] {
      JSON.readTree(Base64.getUrlDecoder().decode(parts[0])), JSON.readTree(Base64.getUrlDecoder().decode(parts[1]))
    };
  }

  private static String sign(OktaKeys.SigningKey key) {
    return key.newJwt()
        .clientAssertion("0oa1", "https://acme.okta.com/oauth2/v1/token", Instant.ofEpochSecond(1_700_000_000), Duration.ofMinutes(5))
        .sign();
  }

  @Test
  void readsAnRsaJwkAsOktaGeneratesItAndSignsRs256WithItsKid() throws Exception {
    OktaKeys.SigningKey key = OktaKeys.read("privateKey", rsaJwk("Hc6oT1kV").toPrettyString(), null);

    JsonNode[] jwt = verify(sign(key), rsa.getPublic(), "SHA256withRSA");
    assertThat(jwt[0].path("alg").asText()).isEqualTo("RS256");
    assertThat(jwt[0].path("kid").asText()).isEqualTo("Hc6oT1kV");
    assertThat(jwt[1].path("iss").asText()).isEqualTo("0oa1");
    assertThat(jwt[1].path("sub").asText()).isEqualTo("0oa1");
    assertThat(jwt[1].path("aud").asText()).isEqualTo("https://acme.okta.com/oauth2/v1/token");
    assertThat(jwt[1].path("exp").asLong() - jwt[1].path("iat").asLong()).isEqualTo(300);
    assertThat(key.keyId()).contains("Hc6oT1kV");
  }

  @Test
  void theKeyIdSettingWinsOverTheJwksKidAndPicksFromAKeySet() throws Exception {
    ObjectNode set = JSON.createObjectNode();
    set.putArray("keys").add(rsaJwk("old")).add(rsaJwk("new"));

    OktaKeys.SigningKey key = OktaKeys.read("privateKey", set.toString(), "new");

    assertThat(key.keyId()).contains("new");
    verify(sign(key), rsa.getPublic(), "SHA256withRSA");
    assertThatThrownBy(() -> OktaKeys.read("privateKey", set.toString(), null))
        .hasMessage("privateKey: holds 2 private keys; set keyId to the kid of the one registered on the Okta app");
    assertThatThrownBy(() -> OktaKeys.read("privateKey", set.toString(), "other"))
        .hasMessage("privateKey: holds no private key with kid 'other' (the keyId setting)");
  }

  @Test
  void readsAJwkWithoutTheCrtMembers() throws Exception {
    ObjectNode j = rsaJwk("k");
    for (String f : new String[] {"p", "q", "dp", "dq", "qi"}) {
      j.remove(f);
    }

    verify(sign(OktaKeys.read("privateKey", j.toString(), null)), rsa.getPublic(), "SHA256withRSA");
  }

  @Test
  void readsPemKeysWithoutAKid() throws Exception {
    OktaKeys.SigningKey key = OktaKeys.read("privateKey", pkcs8Pem(), null);

    JsonNode[] jwt = verify(sign(key), rsa.getPublic(), "SHA256withRSA");
    assertThat(jwt[0].has("kid")).isFalse();
    assertThat(OktaKeys.read("privateKey", pkcs8Pem(), "kid-7").keyId()).contains("kid-7");
  }

  @Test
  void readsAnEcP256JwkAndSignsEs256() throws Exception {
    ObjectNode j = JSON.createObjectNode();
    j.put("kty", "EC");
    j.put("crv", "P-256");
    j.put("kid", "ec-1");
    j.put("d", b64(((ECPrivateKey) ec.getPrivate()).getS()));

    OktaKeys.SigningKey key = OktaKeys.read("privateKey", j.toString(), null);

    JsonNode[] jwt = verify(sign(key), ec.getPublic(), "SHA256withECDSAinP1363Format");
    assertThat(jwt[0].path("alg").asText()).isEqualTo("ES256");
  }

  @Test
  void refusesAPublicKeyOrBrokenJsonWithoutQuotingTheKey() {
    ObjectNode pub = rsaJwk("k");
    pub.remove("d");
    assertThatThrownBy(() -> OktaKeys.read("privateKey", pub.toString(), null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("privateKey: holds a public key only");

    String broken = rsaJwk("k").toString().replace("\"d\":", "\"d\" ");
    assertThatThrownBy(() -> OktaKeys.read("privateKey", broken, null))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.getMessage()).startsWith("privateKey: starts with '{' but is not valid JSON (line 1");
          assertThat(e.getMessage()).doesNotContain(rsaJwk("k").path("d").asText().substring(0, 12));
          assertThat(e.getCause()).isNull();
        });

    ObjectNode badBase64 = rsaJwk("k");
    badBase64.put("n", "not*base64");
    assertThatThrownBy(() -> OktaKeys.read("privateKey", badBase64.toString(), null))
        .hasMessage("privateKey: holds a JWK whose \"n\" member is not base64url");

    ObjectNode oct = JSON.createObjectNode().put("kty", "oct").put("d", "AQAB");
    assertThatThrownBy(() -> OktaKeys.read("privateKey", oct.toString(), null))
        .hasMessageContaining("type 'oct'");

    assertThatThrownBy(() -> OktaKeys.read("privateKey", "not a key", null))
        .hasMessageStartingWith("privateKey: is not a PEM private key");

    assertThat(OktaKeys.read("privateKey", pkcs8Pem(), null).toString()).isEqualTo("SigningKey[RSA]");
  }
}
