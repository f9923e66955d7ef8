package io.github.usersync.google;

import io.github.usersync.core.ConnectorOptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.http.Sleeper;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.testkit.EchoServer;
import io.github.usersync.testkit.LeakCheck;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Against a server that echoes each request into its error answers, no secret reaches an
 * exception, the connection report or the sync report (issue 19, problem 3). The refresh token
 * ({@code 1//…}) is sent form-encoded ({@code 1%2F%2F…}); the access token the token endpoint
 * returns is a runtime credential no setting names.
 */
class GoogleEchoLeakTest {
  private static final String CLIENT_ID = "123456789012-abcdefg.apps.googleusercontent.com";
  private static final String CLIENT_SECRET = "GOCSPX-s3cr/t+value=x~y";
  private static final String REFRESH_TOKEN = "1//0gRefresh-Token/with+every=char~";
  private static final String ACCESS_TOKEN = "ya29.a0AfB_byC-runtime.access/token+value";

  private static GoogleDirectory directory(EchoServer echo) {
    Sleeper noWait = d -> { };
    return GoogleDirectory.create(GoogleSettings.builder()
            .clientId(CLIENT_ID)
            .clientSecret(Secret.of(CLIENT_SECRET))
            .refreshToken(Secret.of(REFRESH_TOKEN))
            .baseUrl(URI.create(echo.baseUrl()))
            .tokenUrl(URI.create(echo.baseUrl() + "/token"))
            .build(),
        ConnectorOptions.builder().sleeper(noWait).build());
  }

  private static LeakCheck check() {
    return LeakCheck.create()
        .secret(CLIENT_SECRET, CLIENT_ID)
        .secret(REFRESH_TOKEN)
        .secret(ACCESS_TOKEN);
  }

  @Test
  void aTokenEndpointEchoingTheRefreshGrantLeaksNoSecret() {
    try (EchoServer echo = EchoServer.start().echoAt("/token", 400)) {
      List<String> texts = check().assertDirectoryLeaksNothing(directory(echo));

      assertThat(texts.get(0)).contains("you sent: POST /token");
      assertThat(echo.requests()).anySatisfy(r -> assertThat(r).contains("refresh_token=1%2F%2F0gRefresh"));
    }
  }

  @Test
  void theDirectoryApiEchoingTheBearerTokenLeaksNoSecret() {
    try (EchoServer echo = EchoServer.start()
        .token("/token", "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")
        .defaultStatus(403)) {
      List<String> texts = check().assertDirectoryLeaksNothing(directory(echo));

      assertThat(texts.get(0)).contains("you sent: GET ");
      assertThat(echo.requests()).anySatisfy(r -> assertThat(r).contains("Bearer " + ACCESS_TOKEN));
    }
  }
}
