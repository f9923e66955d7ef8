package io.github.usersync.core.jit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Makes tokens the way an ALB does (ES256, base64url with padding), for tests and the example. */
final class AlbTokens {
  static final String ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188";
  static final String KID = "0b84cfb3-9ad1-4a2a-9b5c-2a6c1b1f5e77";

  final KeyPair keys;

  AlbTokens() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    keys = g.generateKeyPair();
  }

  String publicKeyPem() {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  Map<String, Object> header(long exp) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("typ", "JWT");
    h.put("kid", KID);
    h.put("alg", "ES256");
    h.put("iss", "https://idp.example.com");
    h.put("client", "my-client");
    h.put("signer", ARN);
    h.put("exp", exp);
    return h;
  }

  static Map<String, Object> claims(long exp) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("sub", "00u-jane");
    c.put("email", "jane@example.com");
    c.put("preferred_username", "jane");
    c.put("name", "Jane Doe");
    c.put("groups", java.util.List.of("Engineering"));
    c.put("exp", exp);
    c.put("iss", "https://idp.example.com");
    return c;
  }

  String sign(Map<String, Object> header, Map<String, Object> claims, boolean pad) throws Exception {
    String h = b64(new ObjectMapper().writeValueAsBytes(header), pad);
    String p = b64(new ObjectMapper().writeValueAsBytes(claims), pad);
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(keys.getPrivate());
    s.update((h + "." + p).getBytes(StandardCharsets.US_ASCII));
    return h + "." + p + "." + b64(s.sign(), pad);
  }

  static String b64(byte[] bytes, boolean pad) {
    return pad ? Base64.getUrlEncoder().encodeToString(bytes) : Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
