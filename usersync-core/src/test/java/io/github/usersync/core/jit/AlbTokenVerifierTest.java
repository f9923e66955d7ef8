package io.github.usersync.core.jit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.core.jit.AlbTokens.ARN;
import static io.github.usersync.core.jit.AlbTokens.KID;
import static io.github.usersync.core.jit.AlbTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.jit.LoginRefusedException.Reason;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.UserSync;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AlbTokenVerifierTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final long EXP = NOW.getEpochSecond() + 120;
  private AlbTokens alb;
  private AlbTokenVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    alb = new AlbTokens();
    wm.stubFor(get("/" + KID).willReturn(aResponse().withBody(alb.publicKeyPem())));
    verifier = AlbTokenVerifier.builder(ARN).keyUrl(wm.baseUrl() + "/{kid}")
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  private Reason refusal(String token) {
    try {
      verifier.verify(token, null);
    } catch (LoginRefusedException e) {
      assertThat(e.getMessage()).doesNotContain(token);
      return e.reason();
    }
    throw new AssertionError("the token was accepted");
  }

  @Test
  void aPaddedAlbTokenVerifiesAndTheKeyIsCached() throws Exception {
    String token = alb.sign(alb.header(EXP), claims(EXP), true);
    assertThat(token).contains("=");

    Map<String, Object> c = verifier.verify(token, "00u-jane");
    verifier.verify(token, "00u-jane");

    assertThat(c).containsEntry("sub", "00u-jane").containsEntry("email", "jane@example.com");
    wm.verify(1, getRequestedFor(urlEqualTo("/" + KID)));
    assertThat(verifier.cachedKeys()).isEqualTo(1);
  }

  @Test
  void anUnpaddedTokenVerifiesToo() throws Exception {
    assertThat(verifier.verify(alb.sign(alb.header(EXP), claims(EXP), false), null)).containsKey("sub");
  }

  @Test
  void anExpiredTokenIsRefusedAfterTheSkew() throws Exception {
    long past = NOW.getEpochSecond() - 61;
    assertThat(refusal(alb.sign(alb.header(past), claims(past), true))).isEqualTo(Reason.EXPIRED);
    long withinSkew = NOW.getEpochSecond() - 30;
    assertThat(verifier.verify(alb.sign(alb.header(withinSkew), claims(withinSkew), true), null)).isNotEmpty();
  }

  @Test
  void aTokenFromTheFutureIsNotYetValid() throws Exception {
    Map<String, Object> c = claims(EXP);
    c.put("nbf", NOW.getEpochSecond() + 600);
    assertThat(refusal(alb.sign(alb.header(EXP), c, true))).isEqualTo(Reason.NOT_YET_VALID);
  }

  @Test
  void aTokenForAnotherLoadBalancerIsRefused() throws Exception {
    Map<String, Object> h = alb.header(EXP);
    h.put("signer", ARN.replace("my-alb", "other-alb"));
    assertThat(refusal(alb.sign(h, claims(EXP), true))).isEqualTo(Reason.WRONG_SIGNER);
  }

  @Test
  void aTamperedPayloadFailsTheSignature() throws Exception {
    String token = alb.sign(alb.header(EXP), claims(EXP), true);
    Map<String, Object> evil = claims(EXP);
    evil.put("email", "admin@example.com");
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + AlbTokens.b64(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(evil), true) + "." + parts[2];

    assertThat(refusal(tampered)).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void aTokenSignedWithAnotherKeyFailsTheSignature() throws Exception {
    AlbTokens impostor = new AlbTokens();
    assertThat(refusal(impostor.sign(impostor.header(EXP), claims(EXP), true))).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void anyAlgorithmButEs256IsRefusedBeforeAKeyIsFetched() throws Exception {
    for (String alg : new String[] {"none", "HS256", "RS256", "ES384", "es256"}) {
      Map<String, Object> h = alb.header(EXP);
      h.put("alg", alg);
      assertThat(refusal(alb.sign(h, claims(EXP), true))).as(alg).isEqualTo(Reason.WRONG_ALGORITHM);
    }
    String unsigned = AlbTokens.b64("{\"alg\":\"none\",\"kid\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), false)
        + "." + AlbTokens.b64("{\"sub\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), false) + ".";
    assertThat(refusal(unsigned)).isEqualTo(Reason.MALFORMED);
    wm.verify(0, getRequestedFor(urlMatching(".*")));
  }

  @Test
  void aKeyIdWithSlashesOrDotsNeverReachesTheUrl() throws Exception {
    for (String kid : new String[] {"../../etc/passwd", "a/b", "..", "%2e%2e", "kid?x=1", "k id", ""}) {
      Map<String, Object> h = alb.header(EXP);
      h.put("kid", kid);
      assertThat(refusal(alb.sign(h, claims(EXP), true))).as(kid).isEqualTo(Reason.BAD_KEY_ID);
    }
    wm.verify(0, getRequestedFor(urlMatching(".*")));
  }

  @Test
  void anUnknownKeyIdIsRefusedAndNotAskedForAgainAtOnce() throws Exception {
    wm.stubFor(get("/11111111-2222-3333-4444-555555555555").willReturn(aResponse().withStatus(404)));
    Map<String, Object> h = alb.header(EXP);
    h.put("kid", "11111111-2222-3333-4444-555555555555");
    String token = alb.sign(h, claims(EXP), true);

    assertThat(refusal(token)).isEqualTo(Reason.BAD_KEY_ID);
    assertThat(refusal(token)).isEqualTo(Reason.BAD_KEY_ID);
    wm.verify(1, getRequestedFor(urlEqualTo("/11111111-2222-3333-4444-555555555555")));
  }

  @Test
  void theIdentityHeaderMustMatchTheSubject() throws Exception {
    String token = alb.sign(alb.header(EXP), claims(EXP), true);
    assertThatThrownBy(() -> verifier.verify(token, "someone-else"))
        .isInstanceOfSatisfying(LoginRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IDENTITY_MISMATCH));
  }

  @Test
  void garbageIsMalformed() {
    assertThat(refusal("not-a-jwt")).isEqualTo(Reason.MALFORMED);
    assertThat(refusal("a.b.c")).isEqualTo(Reason.MALFORMED);
    assertThatThrownBy(() -> verifier.verify(null, null)).hasMessageContaining("no x-amzn-oidc-data header");
  }

  @Test
  void aKeyEndpointThatIsDownRefusesTheLoginClearlyAndProvisionsNothing() throws Exception {
    wm.stubFor(get("/" + KID).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    InMemoryTarget target = InMemoryTarget.create();
    UserSync sync = UserSync.builder(InMemoryDirectory.create(), target)
        .mapper(new io.github.usersync.core.sync.TestMappers.Standard()).build();
    LoginProvisioner logins = LoginProvisioner.forAlb(verifier, sync);

    LoginProvisioner.Result r = logins.login(alb.sign(alb.header(EXP), claims(EXP), true), "00u-jane");

    assertThat(r.allowed()).isFalse();
    assertThat(r.tokenRefusal().map(LoginRefusedException::reason)).contains(Reason.KEY_UNAVAILABLE);
    assertThat(r.refusal()).hasValueSatisfying(m -> assertThat(m)
        .contains("the ALB's public key could not be fetched")
        .contains("check proxy and firewall"));
    assertThat(target.users().count()).isZero();
  }

  @Test
  void aLoginProvisionsThroughTheSameMappingAndAPolicyCanRefuse() throws Exception {
    InMemoryDirectory directory = InMemoryDirectory.create();
    directory.putGroup(DirectoryGroup.of("jira-users", "jira-users"));
    InMemoryTarget target = InMemoryTarget.create();
    UserSync sync = UserSync.builder(directory, target)
        .mapper(new io.github.usersync.core.sync.TestMappers.Standard())
        .policy(SyncPolicy.builder().addRequiredGroups("jira-users").build()).build();
    LoginProvisioner logins = LoginProvisioner.forAlb(verifier, sync);

    LoginProvisioner.Result refused = logins.login(alb.sign(alb.header(EXP), claims(EXP), true), null);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refusal()).hasValueSatisfying(m -> assertThat(m).contains("not in a required group"));

    Map<String, Object> c = claims(EXP);
    c.put("groups", java.util.List.of("jira-users", "Engineering"));
    LoginProvisioner.Result ok = logins.login(alb.sign(alb.header(EXP), c, true), "00u-jane");
    assertThat(ok.allowed()).isTrue();
    assertThat(ok.user().map(u -> u.username())).contains("jane");
    assertThat(target.groupsOfUser(ok.user().orElseThrow().key())).containsExactlyInAnyOrder("jira-users", "Engineering");
  }

  @Test
  void configurationErrorsNameTheSetting() {
    assertThatThrownBy(() -> AlbTokenVerifier.builder("not-an-arn").build())
        .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("albArn:");
    assertThatThrownBy(() -> AlbTokenVerifier.builder(ARN).keyUrl("http://alb-keys.example.com/{kid}").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("plain http://");
    assertThat(AlbTokenVerifier.builder(ARN).build().toString()).contains("https://public-keys.auth.elb.eu-west-1.amazonaws.com/{kid}");
    assertThat(AlbTokenVerifier.builder(ARN).timeout(Duration.ofSeconds(1)).build()).isNotNull();
  }
}
