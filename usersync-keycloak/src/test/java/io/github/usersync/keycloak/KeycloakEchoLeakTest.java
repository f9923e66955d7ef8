package io.github.usersync.keycloak;

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
 * exception, the connection report or the sync report (issue 19, problem 3): neither the client
 * secret, nor the admin password of the password grant, nor the access token.
 */
class KeycloakEchoLeakTest {
  private static final String CLIENT_SECRET = "kc-s3cr/t+value=x~y \"q\"";
  private static final String PASSWORD = "p@ss w0rd/+=~";
  private static final String ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZXJ2aWNlLWFjY291bnQifQ.c2ln";
  private static final String REFRESH_TOKEN = "eyJhbGciOiJIUzI1NiJ9.cmVmcmVzaA.cmVmcmVzaC1zaWc";

  private static KeycloakDirectory clientCredentials(EchoServer echo) {
    return KeycloakDirectory.create(KeycloakSettings.builder()
            .baseUrl(URI.create(echo.baseUrl())).realm("acme")
            .clientId("usersync").clientSecret(Secret.of(CLIENT_SECRET)).build(),
        ConnectorOptions.builder().sleeper(d -> { }).build());
  }

  private static KeycloakDirectory password(EchoServer echo) {
    return KeycloakDirectory.create(KeycloakSettings.builder()
            .baseUrl(URI.create(echo.baseUrl())).realm("acme")
            .grantType(KeycloakSettings.GrantType.PASSWORD)
            .username("admin").password(Secret.of(PASSWORD)).build(),
        ConnectorOptions.builder().sleeper(d -> { }).build());
  }

  private static LeakCheck check() {
    return LeakCheck.create().secret(CLIENT_SECRET, "usersync").secret(PASSWORD, "admin")
        .secret(ACCESS_TOKEN).secret(REFRESH_TOKEN);
  }

  @Test
  void aTokenEndpointEchoingTheGrantLeaksNoSecret() {
    // Both token endpoints: the realm's (client credentials) and master's (the admin's password).
    try (EchoServer echo = EchoServer.start().echoAt("/realms/", 401)) {
      List<String> texts = check().assertDirectoryLeaksNothing(clientCredentials(echo));
      assertThat(texts.get(0)).contains("you sent: POST /realms/acme/protocol/openid-connect/token");

      check().assertDirectoryLeaksNothing(password(echo));
      assertThat(echo.requests()).anySatisfy(r -> assertThat(r).contains("password="));
    }
  }

  @Test
  void theAdminApiEchoingTheBearerTokenLeaksNoSecret() {
    try (EchoServer echo = EchoServer.start()
        .token("/realms/acme/protocol/openid-connect/token", "{\"access_token\":\"" + ACCESS_TOKEN
            + "\",\"expires_in\":300,\"refresh_token\":\"" + REFRESH_TOKEN + "\",\"token_type\":\"Bearer\"}")
        .defaultStatus(403)) {
      List<String> texts = check().assertDirectoryLeaksNothing(clientCredentials(echo));

      assertThat(texts.get(0)).contains("you sent: GET /admin/realms/acme/");
      assertThat(echo.requests()).anySatisfy(r -> assertThat(r).contains("Bearer " + ACCESS_TOKEN));
    }
  }
}
