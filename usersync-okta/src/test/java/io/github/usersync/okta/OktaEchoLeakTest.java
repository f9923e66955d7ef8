package io.github.usersync.okta;

import io.github.usersync.core.ConnectorOptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.settings.Secret;
import io.github.usersync.testkit.EchoServer;
import io.github.usersync.testkit.LeakCheck;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Against a server that echoes each request into its error answers, no secret reaches an
 * exception, the connection report or the sync report (issue 19, problem 3): the SSWS API token;
 * for a service app the private key, the signed client assertion sent to the token endpoint and
 * the access token it returns.
 */
class OktaEchoLeakTest {
  private static final String API_TOKEN = "00QCjAl4MlV-WPXM-echo-token-0HmjFx-vbGua";
  private static final String CLIENT_ID = "0oa8f5j3ecb5xg0Hm1d7";
  private static final String ACCESS_TOKEN = "eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiIwb2E4In0.c2lnbmF0dXJlLXZhbHVl";

  private static String pem() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----";
  }

  @Test
  void theApiEchoingTheSswsTokenLeaksNoSecret() {
    try (EchoServer echo = EchoServer.start().defaultStatus(403)) {
      OktaDirectory d = OktaDirectory.create(OktaSettings.builder()
          .baseUrl(URI.create(echo.baseUrl())).apiToken(Secret.of(API_TOKEN)).build(),
          ConnectorOptions.builder().sleeper(x -> { }).build());

      List<String> texts = LeakCheck.create().secret(API_TOKEN).assertDirectoryLeaksNothing(d);

      assertThat(texts.get(0)).contains("you sent: GET /api/v1/users");
      assertThat(echo.requests()).anySatisfy(r -> assertThat(r).contains("SSWS " + API_TOKEN));
    }
  }

  @Test
  void aServiceAppLeaksNeitherKeyNorAssertionNorAccessToken() throws Exception {
    String key = pem();
    for (boolean tokenEndpointEchoes : new boolean[] {true, false}) {
      try (EchoServer echo = EchoServer.start().defaultStatus(403)) {
        if (tokenEndpointEchoes) {
          echo.echoAt("/oauth2/v1/token", 401);
        } else {
          echo.token("/oauth2/v1/token", "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"access_token\":\""
              + ACCESS_TOKEN + "\",\"scope\":\"okta.users.read okta.groups.read\"}");
        }
        OktaDirectory d = OktaDirectory.create(OktaSettings.builder()
            .baseUrl(URI.create(echo.baseUrl())).clientId(CLIENT_ID).privateKey(Secret.of(key)).keyId("k1")
            .scopes("okta.users.read okta.groups.read").build(),
            ConnectorOptions.builder().sleeper(x -> { }).build());
        LeakCheck check = LeakCheck.create().secret(key).secret(ACCESS_TOKEN);

        List<String> texts = check.assertDirectoryLeaksNothing(d);

        // Every assertion the server saw is a credential too.
        Matcher m = Pattern.compile("client_assertion=([^&\\s]+)").matcher(String.join("\n", echo.requests()));
        int assertions = 0;
        while (m.find()) {
          assertions++;
          String assertion = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
          LeakCheck.create().secret(assertion).assertClean("the texts", String.join("\n", texts));
        }
        assertThat(assertions).isPositive();
        assertThat(texts.get(0)).contains(tokenEndpointEchoes ? "you sent: POST /oauth2/v1/token" : "you sent: GET /api/v1/users");
      }
    }
  }
}
