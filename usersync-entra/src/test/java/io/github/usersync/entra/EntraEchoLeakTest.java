package io.github.usersync.entra;

import io.github.usersync.core.ConnectorOptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.settings.Secret;
import io.github.usersync.testkit.EchoServer;
import io.github.usersync.testkit.LeakCheck;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Against a server that echoes each request (line, headers, body) into its error answers, no
 * secret reaches an exception, the connection report or the sync report (issue 19, problem 3):
 * not the client secret (form-encoded in the token request), not the runtime bearer token Graph
 * answers 403 and 500 with.
 */
class EntraEchoLeakTest {
  private static final String SECRET = "Qx8~s3/cr+3t=VALUE\"only&for tests";
  private static final String ACCESS_TOKEN = "eyJ0eXAiOiJKV1QiLCJub25jZSI6ImFiYyJ9.eyJhdWQiOiJncmFwaCJ9.c2lnbmF0dXJl";

  private static EntraDirectory directory(EchoServer echo) {
    return EntraDirectory.create(EntraSettings.builder()
        .tenant(Graph.TENANT)
        .clientId(Graph.CLIENT_ID)
        .clientSecret(Secret.of(SECRET))
        .loginBaseUrl(URI.create(echo.baseUrl()))
        .baseUrl(URI.create(echo.baseUrl()))
        .build(), ConnectorOptions.builder().sleeper(new Graph.RecordingSleeper()).build());
  }

  private static LeakCheck check() {
    return LeakCheck.create().secret(SECRET, Graph.CLIENT_ID).secret(ACCESS_TOKEN);
  }

  @Test
  void aTokenEndpointEchoingTheFormLeaksNoSecret() {
    try (EchoServer echo = EchoServer.start().echoAt("/" + Graph.TENANT + "/oauth2", 400)) {
      List<String> texts = check().assertDirectoryLeaksNothing(directory(echo));

      assertThat(texts.get(0)).contains("you sent: POST /" + Graph.TENANT + "/oauth2/v2.0/token");
      assertThat(echo.requests()).anySatisfy(r -> assertThat(r).contains("client_secret="));
    }
  }

  @Test
  void graphEchoingTheBearerTokenIn403And500AnswersLeaksNoSecret() {
    for (int status : new int[] {403, 500}) {
      try (EchoServer echo = EchoServer.start()
          .token("/" + Graph.TENANT + "/oauth2", "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\""
              + ACCESS_TOKEN + "\"}")
          .defaultStatus(status)) {
        List<String> texts = check().assertDirectoryLeaksNothing(directory(echo));

        assertThat(texts.get(0)).contains("you sent: GET /v1.0/users");
        assertThat(echo.requests()).anySatisfy(r -> assertThat(r).contains("Bearer " + ACCESS_TOKEN));
      }
    }
  }
}
