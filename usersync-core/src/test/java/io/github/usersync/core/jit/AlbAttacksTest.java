package io.github.usersync.core.jit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.core.jit.AlbTokens.ARN;
import static io.github.usersync.core.jit.AlbTokens.KID;
import static io.github.usersync.core.jit.AlbTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.jit.LoginRefusedException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an attacker can send to a login behind an ALB (issue 19, problem 5): oversized and slow key
 * answers, oversized tokens, malformed time claims in validly signed tokens, and the all-zero
 * ECDSA signature of CVE-2022-21449. Each is refused with a {@link LoginRefusedException}.
 */
class AlbAttacksTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final long EXP = NOW.getEpochSecond() + 120;
  // The order n of P-256.
  private static final BigInteger N =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private AlbTokens alb;
  private AlbTokenVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    alb = new AlbTokens();
    wm.stubFor(get("/" + KID).willReturn(aResponse().withBody(alb.publicKeyPem())));
    verifier = AlbTokenVerifier.builder(ARN).keyUrl(wm.baseUrl() + "/{kid}")
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  private LoginRefusedException refusal(AlbTokenVerifier v, String token) {
    LoginRefusedException e = catchThrowableOfType(() -> v.verify(token, null), LoginRefusedException.class);
    assertThat(e).as("the token is refused with a LoginRefusedException").isNotNull();
    assertThat(e.getMessage()).doesNotContain(token);
    return e;
  }

  @Test
  void aValidlySignedExpOf1e300IsRefusedAsMalformed() throws Exception {
    Map<String, Object> header = alb.header(EXP);
    header.put("exp", 1e300);
    LoginRefusedException e = refusal(verifier, alb.sign(header, claims(EXP), true));

    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(e.getMessage()).contains("exp is not a time");
  }

  @Test
  void everyMalformedTimeClaimIsRefusedAsMalformed() throws Exception {
    Object[][] bad = {{"exp", "soon"}, {"exp", -5}, {"exp", 1e300}, {"nbf", 1e300}, {"iat", "yesterday"},
        {"iat", Double.MAX_VALUE}, {"exp", Map.of("seconds", 1)}};
    for (Object[] b : bad) {
      Map<String, Object> header = alb.header(EXP);
      header.remove("exp");
      Map<String, Object> c = claims(EXP);
      c.put((String) b[0], b[1]);
      LoginRefusedException e = refusal(verifier, alb.sign(header, c, true));
      assertThat(e.reason()).as("%s = %s", b[0], b[1]).isEqualTo(Reason.MALFORMED);
    }
  }

  @Test
  void anAllZeroSignatureIsRefusedBeforeAKeyIsFetched() throws Exception {
    String signed = alb.sign(alb.header(EXP), claims(EXP), false);
    String unsigned = signed.substring(0, signed.lastIndexOf('.') + 1);
    LoginRefusedException e = refusal(verifier, unsigned + AlbTokens.b64(new byte[64], false));

    assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(e.getMessage()).contains("CVE-2022-21449");
    wm.verify(0, getRequestedFor(urlEqualTo("/" + KID)));
  }

  @Test
  void rOrSOutsideOneToNMinusOneIsRefused() throws Exception {
    String signed = alb.sign(alb.header(EXP), claims(EXP), false);
    String unsigned = signed.substring(0, signed.lastIndexOf('.') + 1);
    byte[] real = AlbTokenVerifier.decode(signed.substring(signed.lastIndexOf('.') + 1), "signature");
    byte[] n = fixed32(N);
    byte[][] forged = {
      concat(new byte[32], Arrays.copyOfRange(real, 32, 64)),   // r = 0
      concat(Arrays.copyOfRange(real, 0, 32), new byte[32]),    // s = 0
      concat(n, Arrays.copyOfRange(real, 32, 64)),              // r = n
      concat(Arrays.copyOfRange(real, 0, 32), n),               // s = n
    };
    for (byte[] sig : forged) {
      assertThat(refusal(verifier, unsigned + AlbTokens.b64(sig, false)).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    }
    wm.verify(0, getRequestedFor(urlEqualTo("/" + KID)));
  }

  @Test
  void aTokenLargerThanTheCapIsRefusedBeforeItIsDecoded() throws Exception {
    Map<String, Object> c = claims(EXP);
    c.put("padding", "x".repeat(20_000));
    LoginRefusedException e = refusal(verifier, alb.sign(alb.header(EXP), c, true));

    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(e.getMessage()).contains("more than the 16384 allowed (maxTokenBytes)");
    wm.verify(0, getRequestedFor(urlEqualTo("/" + KID)));
  }

  @Test
  void aKeyAnswerOf200MegabytesIsRefusedWithoutReadingIt() throws Exception {
    AtomicLong sent = new AtomicLong();
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      serve(server, out -> {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-pem-file\r\nContent-Length: "
            + 200_000_000 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'A');
        for (long i = 0; i < 200_000_000L; i += chunk.length) {
          out.write(chunk);
          sent.addAndGet(chunk.length);
        }
      });
      AlbTokenVerifier v = AlbTokenVerifier.builder(ARN).keyUrl("http://127.0.0.1:" + server.getLocalPort() + "/{kid}")
          .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

      LoginRefusedException e = refusal(v, alb.sign(alb.header(EXP), claims(EXP), true));

      assertThat(e.reason()).isEqualTo(Reason.KEY_UNAVAILABLE);
      assertThat(e.getMessage()).contains("more than 16384 bytes");
      assertThat(sent.get()).isLessThan(200_000_000L);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aKeyServedAtOneByteASecondDoesNotHoldTheLoginPastTheTimeout() throws Exception {
    String pem = alb.publicKeyPem();
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      serve(server, out -> {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-pem-file\r\nContent-Length: "
            + pem.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (byte b : pem.getBytes(StandardCharsets.US_ASCII)) {
          out.write(b);
          out.flush();
          sleep(1000);
        }
      });
      AlbTokenVerifier v = AlbTokenVerifier.builder(ARN).keyUrl("http://127.0.0.1:" + server.getLocalPort() + "/{kid}")
          .timeout(Duration.ofSeconds(1)).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

      LoginRefusedException e = refusal(v, alb.sign(alb.header(EXP), claims(EXP), true));

      assertThat(e.reason()).isEqualTo(Reason.KEY_UNAVAILABLE);
      assertThat(e.getMessage()).contains("no complete answer within 1000 ms (headers and body)");
    }
  }

  /** Answers each connection: reads the request, then writes what {@code answer} writes. */
  private static void serve(ServerSocket server, Answer answer) {
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          InputStream in = s.getInputStream();
          in.read(new byte[8192]);
          OutputStream out = s.getOutputStream();
          answer.write(out);
        } catch (IOException e) {
          // the client hung up, as it should
        }
      }
    });
    t.setDaemon(true);
    t.start();
  }

  @FunctionalInterface
  private interface Answer {
    void write(OutputStream out) throws IOException;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] fixed32(BigInteger v) {
    byte[] b = v.toByteArray();
    return b.length == 32 ? b : Arrays.copyOfRange(b, b.length - 32, b.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
