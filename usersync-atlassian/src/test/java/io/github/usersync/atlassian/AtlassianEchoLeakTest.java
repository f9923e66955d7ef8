package io.github.usersync.atlassian;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.settings.Secret;
import io.github.usersync.testkit.EchoServer;
import io.github.usersync.testkit.LeakCheck;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Against a server that echoes each request (line, headers, body) into its error answers, the
 * remote targets let no secret into an exception, the connection report or the sync report (issue
 * 19, problem 3): not a personal access token, not a password, not the base64 of {@code
 * user:password} in the Basic header.
 */
class AtlassianEchoLeakTest {
  private static final String TOKEN = "NjE4OTc2NDk0MjQ3Oj+pat/token=value~x";
  private static final String PASSWORD = "jira p@ss/w0rd+=~\"x\"";
  private static final String APP_PASSWORD = "crowd-app p@ss/+=~";

  private static void assertNoLeak(AtlassianTarget target, LeakCheck check, EchoServer echo, String path) {
    List<String> texts = check.assertTargetLeaksNothing(target);
    String report = target.checkConnection().toText();
    check.assertClean("the connection report", report);
    assertThat(texts.get(0)).contains("you sent: GET " + path);
    assertThat(echo.requests()).anySatisfy(r -> assertThat(r).containsIgnoringCase("Authorization: "));
  }

  @Test
  void jiraWithATokenOrAPasswordLeaksNoSecret() {
    try (EchoServer echo = EchoServer.start().defaultStatus(403)) {
      LeakCheck check = LeakCheck.create().secret(TOKEN).secret(PASSWORD, "sync-admin").secret(APP_PASSWORD, "usersync");
      assertNoLeak(JiraTarget.remote(JiraSettings.builder()
              .baseUrl(URI.create(echo.baseUrl())).token(Secret.of(TOKEN))
              .crowdApplicationName("usersync").crowdApplicationPassword(Secret.of(APP_PASSWORD)).build(), Sims.options()),
          check, echo, "/");
      assertNoLeak(JiraTarget.remote(JiraSettings.builder()
              .baseUrl(URI.create(echo.baseUrl())).username("sync-admin").password(Secret.of(PASSWORD))
              .crowdApplicationName("usersync").crowdApplicationPassword(Secret.of(APP_PASSWORD)).build(), Sims.options()),
          check, echo, "/");
    }
  }

  @Test
  void confluenceLeaksNoSecret() {
    try (EchoServer echo = EchoServer.start().defaultStatus(403)) {
      assertNoLeak(ConfluenceTarget.remote(ConfluenceSettings.builder()
              .baseUrl(URI.create(echo.baseUrl() + "/confluence")).token(Secret.of(TOKEN)).linkSpaceKey("USERSYNC")
              .build(), Sims.options()),
          LeakCheck.create().secret(TOKEN), echo, "/confluence/");
    }
  }

  @Test
  void crowdLeaksNoSecret() {
    try (EchoServer echo = EchoServer.start().defaultStatus(401)) {
      assertNoLeak(CrowdTarget.remote(CrowdSettings.builder()
              .baseUrl(URI.create(echo.baseUrl() + "/crowd")).applicationName("usersync")
              .applicationPassword(Secret.of(APP_PASSWORD)).build(), Sims.options()),
          LeakCheck.create().secret(APP_PASSWORD, "usersync"), echo, "/crowd/");
    }
  }
}
