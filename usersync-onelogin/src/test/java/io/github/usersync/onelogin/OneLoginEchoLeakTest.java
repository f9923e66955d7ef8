package io.github.usersync.onelogin;

import io.github.usersync.core.ConnectorOptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.settings.Secret;
import io.github.usersync.testkit.EchoServer;
import io.github.usersync.testkit.LeakCheck;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Against a server that echoes each request into its error answers, no secret reaches an
 * exception, the connection report or the sync report (issue 19, problem 3).
 */
class OneLoginEchoLeakTest {
  private static final String CLIENT_SECRET = "ol-s3cr/t+value=x~y&z";
  private static final String ACCESS_TOKEN = "a1b2c3d4e5f6runtime0access0token0value0xyz";

  private static OneLoginDirectory directory(EchoServer echo) {
    return OneLoginDirectory.create(OneLoginSettings.builder()
        .baseUrl(URI.create(echo.baseUrl()))
        .clientId(OneLoginStubs.CLIENT_ID)
        .clientSecret(Secret.of(CLIENT_SECRET))
        .build(), ConnectorOptions.builder().sleeper(d -> { }).build());
  }

  private static LeakCheck check() {
    return LeakCheck.create().secret(CLIENT_SECRET, OneLoginStubs.CLIENT_ID).secret(ACCESS_TOKEN);
  }

  @Test
  void aTokenEndpointEchoingTheCredentialsLeaksNoSecret() {
    try (EchoServer echo = EchoServer.start().echoAt("/auth/oauth2/v2/token", 401)) {
      List<String> texts = check().assertDirectoryLeaksNothing(directory(echo));

      assertThat(texts.get(0)).contains("you sent: POST /auth/oauth2/v2/token");
    }
  }

  @Test
  void theApiEchoingTheBearerTokenLeaksNoSecret() {
    try (EchoServer echo = EchoServer.start()
        .token("/auth/oauth2/v2/token", "{\"access_token\":\"" + ACCESS_TOKEN
            + "\",\"created_at\":\"2026-01-01T00:00:00.000Z\",\"expires_in\":36000,\"refresh_token\":\"r0123456789abcdef\","
            + "\"token_type\":\"bearer\",\"account_id\":123456}")
        .defaultStatus(403)) {
      List<String> texts = check().secret("r0123456789abcdef").assertDirectoryLeaksNothing(directory(echo));

      assertThat(texts.get(0)).contains("you sent: GET /api/2/users");
      assertThat(echo.requests()).anySatisfy(r -> assertThat(r).contains(ACCESS_TOKEN));
    }
  }
}
