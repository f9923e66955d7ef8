package io.github.usersync.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.usersync.core.jit.AlbTokenVerifier;
import io.github.usersync.core.jit.LoginProvisioner;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.testkit.LocalApiServer;
import io.github.usersync.core.sync.UserSync;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Just-in-time provisioning behind an AWS Application Load Balancer: a small web application on the
 * JDK's {@code HttpServer} provisions users at login from the ALB's signed {@code x-amzn-oidc-data}
 * header. A fake ALB (a key pair and a key endpoint on loopback) signs the header as the real one
 * does: ES256, base64url with padding, {@code signer} = the ALB's ARN.
 */
public final class AlbLoginExample {
  static final String ALB_ARN =
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188";
  static final String KID = "7c5b1e2a-8f0d-4d33-9b1c-0a4e6f2d9c11";

  private AlbLoginExample() {}

  /** Runs the example. */
  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  static List<Integer> run(PrintStream out) throws Exception {
    KeyPair albKey = ecKeyPair();
    try (LocalApiServer keys = LocalApiServer.start()
        .route("/" + KID, (r, base) -> LocalApiServer.Response.json(200, pem(albKey)))) {
      // The application's side: verify the ALB's header, provision, let the user in or not.
      AlbTokenVerifier verifier = AlbTokenVerifier.builder(ALB_ARN).keyUrl(keys.baseUrl() + "/{kid}").build();
      InMemoryTarget users = InMemoryTarget.create();
      UserSync sync = UserSync.builder(InMemoryDirectory.create(), users).build();
      LoginProvisioner logins = LoginProvisioner.forAlb(verifier, sync);
      HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      app.createContext("/", exchange -> {
        LoginProvisioner.Result r = logins.login(
            exchange.getRequestHeaders().getFirst("x-amzn-oidc-data"),
            exchange.getRequestHeaders().getFirst("x-amzn-oidc-identity"));
        respond(exchange, r.allowed() ? 200 : 403, r.allowed()
            ? "Welcome, " + r.user().map(u -> u.displayName().orElse(u.username())).orElse("?")
                + " (" + r.syncResult().map(s -> s.status().name()).orElse("") + ")"
            : "Forbidden: " + r.refusal().orElse("refused"));
      });
      app.start();
      try {
        // The load balancer's side: it signs the user's claims and forwards the request.
        String appUrl = "http://127.0.0.1:" + app.getAddress().getPort() + "/";
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "00u-mary");
        claims.put("preferred_username", "mary");
        claims.put("email", "mary.jackson@example.com");
        claims.put("name", "Mary Jackson");
        claims.put("groups", List.of("engineering"));
        String token = albToken(albKey, claims);
        List<Integer> statuses = new ArrayList<>();
        statuses.add(call(out, "first login", appUrl, token, "00u-mary"));
        statuses.add(call(out, "second login (key cached)", appUrl, token, "00u-mary"));
        String tampered = token.substring(0, token.indexOf('.') + 1)
            + b64(new ObjectMapper().writeValueAsBytes(Map.of("sub", "00u-mary", "email", "admin@example.com")))
            + token.substring(token.lastIndexOf('.'));
        statuses.add(call(out, "tampered token", appUrl, tampered, null));
        out.println("key endpoint requests: " + keys.requests() + "; host users: " + users.users().count());
        return statuses;
      } finally {
        app.stop(0);
      }
    }
  }

  private static int call(PrintStream out, String what, String url, String token, @Nullable String identity)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("x-amzn-oidc-data", token);
    if (identity != null) {
      b.header("x-amzn-oidc-identity", identity);
    }
    HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    out.println(what + ": HTTP " + r.statusCode() + " " + r.body());
    return r.statusCode();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(bytes);
    }
  }

  /** Signs the claims as an ALB does: ES256, header with kid, signer and exp, padded base64url. */
  static String albToken(KeyPair key, Map<String, Object> claims) throws IOException, GeneralSecurityException {
    long exp = Instant.now().plusSeconds(120).getEpochSecond();
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("typ", "JWT");
    header.put("kid", KID);
    header.put("alg", "ES256");
    header.put("iss", "https://idp.example.com");
    header.put("client", "my-client-id");
    header.put("signer", ALB_ARN);
    header.put("exp", exp);
    Map<String, Object> payload = new LinkedHashMap<>(claims);
    payload.put("exp", exp);
    payload.put("iss", "https://idp.example.com");
    ObjectMapper json = new ObjectMapper();
    String input = b64(json.writeValueAsBytes(header)) + "." + b64(json.writeValueAsBytes(payload));
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(key.getPrivate());
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64(s.sign());
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().encodeToString(bytes); // with padding, as ALB sends it
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static String pem(KeyPair key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
