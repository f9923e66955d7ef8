package io.github.usersync.google;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.http.Sleeper;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.testkit.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fixtures, keys and WireMock stubs shared by the Google connector's tests. */
final class GoogleTestSupport {
  static final String API = "/admin/directory/v1";
  static final Fixtures FIXTURES = Fixtures.of("google");
  static final ObjectMapper JSON = new ObjectMapper();

  static final String ALICE = "100000000000000000001";
  static final String BOB = "100000000000000000002";
  static final String CAROL = "100000000000000000003";
  static final String DAVE = "100000000000000000004";
  static final String ERIN = "100000000000000000005";
  static final String JANE = "100000000000000000006";
  static final String FRANK = "100000000000000000007";
  static final String MISSING = "100000000000000000099";
  static final String ENGINEERING = "03x8tuzt1ab2cd3";
  static final String PLATFORM = "01ci93xb3d4ef5g";
  static final String ALL_STAFF = "02et92p01h6ij7k";
  static final String CUSTOMER_ID = "C01abcd2e";

  static final String PAGE2_TOKEN = "Q0FFU0FncGtSMjlrYkdWZlFVZEZhMU5wZEdWelBURXdNREF3";
  static final String PAGE3_TOKEN = "Q0FFU0FncGtSMjlrYkdWZlFVZEZhMU5wZEdWelBURXdNREF3Mg==";
  static final String GROUPS_PAGE2_TOKEN = "Q0FFU0F3aUJCZ0FBQUFBQUFBQUE";
  static final String MEMBERS_PAGE2_TOKEN = "Q0FFU0F3aUJCZ01BQUFBQUFBQUFB";

  static final String ACCESS_TOKEN = "ya29.c.c0ASRK0GZtestaccesstoken";
  static final String ADMIN = "admin@example.com";
  static final String SA_EMAIL = "usersync-reader@usersync-test.iam.gserviceaccount.com";
  static final String SA_CLIENT_ID = "112233445566778899001";
  static final String KEY_ID = "3f1ab2c4d5e6f708192a3b4c5d6e7f8091a2b3c4";
  static final KeyPair KEYS = rsaKeys();

  private GoogleTestSupport() {}

  private static KeyPair rsaKeys() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      // Google's keys are 2048-bit; 1024 signs the same way and generates in a fraction of the time.
      g.initialize(1024);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A service account JSON key file as the Google Cloud console writes it. */
  static String serviceAccountKeyJson() {
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(KEYS.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    ObjectNode key = JSON.createObjectNode();
    key.put("type", "service_account");
    key.put("project_id", "usersync-test");
    key.put("private_key_id", KEY_ID);
    key.put("private_key", pem);
    key.put("client_email", SA_EMAIL);
    key.put("client_id", SA_CLIENT_ID);
    key.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
    key.put("token_uri", "https://oauth2.googleapis.com/token");
    key.put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs");
    key.put("client_x509_cert_url",
        "https://www.googleapis.com/robot/v1/metadata/x509/usersync-reader%40usersync-test.iam.gserviceaccount.com");
    key.put("universe_domain", "googleapis.com");
    return key.toPrettyString();
  }

  static GoogleSettings.Builder serviceAccountSettings(String baseUrl) {
    return GoogleSettings.builder()
        .serviceAccountKey(Secret.of(serviceAccountKeyJson()))
        .adminEmail(ADMIN)
        .baseUrl(URI.create(baseUrl))
        .tokenUrl(URI.create(baseUrl + "/token"));
  }

  static GoogleDirectory directory(WireMockExtension wm, Sleeper sleeper) {
    return GoogleDirectory.create(serviceAccountSettings(wm.baseUrl()).build(), ConnectorOptions.builder().sleeper(sleeper).build());
  }

  static String fixture(String resource, String variant) {
    return FIXTURES.json(resource, variant);
  }

  static ResponseDefinitionBuilder googleJson(int status, String resource, String variant) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(fixture(resource, variant));
  }

  static void stubToken(WireMockExtension wm) {
    wm.stubFor(post("/token").willReturn(okJson(fixture("token", "success"))));
  }

  /** The users, groups, members, memberships and photo the contract fixture holds. */
  static void stubDirectory(WireMockExtension wm) {
    // The Reports API's admin activity, empty: the connection check's probe and a quiet change read.
    wm.stubFor(get(urlPathEqualTo("/admin/reports/v1/activity/users/all/applications/admin"))
        .willReturn(okJson(fixture("activities", "empty"))));
    stubToken(wm);
    wm.stubFor(get(urlPathEqualTo(API + "/users")).withQueryParam("customer", equalTo("my_customer"))
        .withQueryParam("pageToken", absent()).willReturn(okJson(fixture("users", "page1"))));
    wm.stubFor(get(urlPathEqualTo(API + "/users")).withQueryParam("pageToken", equalTo(PAGE2_TOKEN))
        .willReturn(okJson(fixture("users", "page2"))));
    wm.stubFor(get(urlPathEqualTo(API + "/users")).withQueryParam("pageToken", equalTo(PAGE3_TOKEN))
        .willReturn(okJson(fixture("users", "page3"))));
    for (String page : new String[] {"page1", "page2", "page3"}) {
      for (JsonNode user : read(fixture("users", page)).path("users")) {
        wm.stubFor(get(urlPathEqualTo(API + "/users/" + user.path("id").asText()))
            .willReturn(okJson(user.toString())));
      }
    }
    wm.stubFor(get(urlPathEqualTo(API + "/users/" + MISSING)).willReturn(googleJson(404, "error", "notFound")));
    wm.stubFor(get(urlPathEqualTo(API + "/users/" + ALICE + "/photos/thumbnail"))
        .willReturn(okJson(fixture("photo", "starPadding"))));

    wm.stubFor(get(urlPathEqualTo(API + "/groups")).withQueryParam("customer", equalTo("my_customer"))
        .withQueryParam("pageToken", absent()).willReturn(okJson(fixture("groups", "page1"))));
    wm.stubFor(get(urlPathEqualTo(API + "/groups")).withQueryParam("customer", equalTo("my_customer"))
        .withQueryParam("pageToken", equalTo(GROUPS_PAGE2_TOKEN)).willReturn(okJson(fixture("groups", "page2"))));
    stubGroupsOf(wm, ALICE, "ofAlice");
    stubGroupsOf(wm, BOB, "ofBob");
    stubGroupsOf(wm, CAROL, "ofPlatformMember");
    stubGroupsOf(wm, JANE, "ofPlatformMember");
    stubGroupsOf(wm, FRANK, "ofFrank");
    stubGroupsOf(wm, "platform@example.com", "ofPlatformGroup");
    stubGroupsOf(wm, "engineering@example.com", "empty");

    wm.stubFor(get(urlPathEqualTo(API + "/groups/" + ENGINEERING + "/members"))
        .withQueryParam("pageToken", absent()).willReturn(okJson(fixture("members", "engineering_page1"))));
    wm.stubFor(get(urlPathEqualTo(API + "/groups/" + ENGINEERING + "/members"))
        .withQueryParam("pageToken", equalTo(MEMBERS_PAGE2_TOKEN))
        .willReturn(okJson(fixture("members", "engineering_page2"))));
    wm.stubFor(get(urlPathEqualTo(API + "/groups/" + PLATFORM + "/members"))
        .willReturn(okJson(fixture("members", "platform"))));
    wm.stubFor(get(urlPathEqualTo(API + "/groups/" + ALL_STAFF + "/members"))
        .willReturn(okJson(fixture("members", "allStaff"))));
  }

  static void stubGroupsOf(WireMockExtension wm, String userKey, String variant) {
    wm.stubFor(get(urlPathEqualTo(API + "/groups")).withQueryParam("userKey", equalTo(userKey))
        .willReturn(okJson(fixture("groups", variant))));
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A sleeper that records the waits instead of waiting. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
    }
  }
}
