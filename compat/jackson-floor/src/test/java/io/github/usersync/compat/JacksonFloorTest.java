package io.github.usersync.compat;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.entra.EntraDirectory;
import io.github.usersync.entra.EntraSettings;
import io.github.usersync.testkit.Fixtures;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * usersync on the oldest Jackson it supports: a Graph read through the Entra connector (token,
 * three pages), a mapping parsed from JSON, a full sync into the in-memory target, and the report
 * written as JSON. Every Jackson jar here is the floor version (this module's POM).
 */
class JacksonFloorTest {
  private static final Fixtures FIXTURES = Fixtures.of("entra");
  private static final String TENANT = "contoso.onmicrosoft.com";
  private static final Pattern SKIPTOKEN = Pattern.compile("\\$skiptoken=([^&\"]+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  /** The Graph user pages of the Entra fixtures, by page number. */
  private final Map<Integer, String> pages = new LinkedHashMap<>();

  @BeforeEach
  void stubGraph() {
    wm.stubFor(post(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
        .willReturn(json(FIXTURES.json("token", "ok"))));
    for (int page = 1; page <= 3; page++) {
      pages.put(page, FIXTURES.json("users", "page" + page, wm.baseUrl()));
    }
    // Page 1 is the first request; page n is asked for with the skip token of page n-1's next link.
    wm.stubFor(get(urlPathEqualTo("/v1.0/users")).withQueryParam("$skiptoken", absent())
        .willReturn(json(pages.get(1))));
    for (int page = 2; page <= 3; page++) {
      Matcher next = SKIPTOKEN.matcher(pages.get(page - 1));
      assertThat(next.find()).as("page %s links to the next", page - 1).isTrue();
      wm.stubFor(get(urlPathEqualTo("/v1.0/users")).withQueryParam("$skiptoken", equalTo(next.group(1)))
          .willReturn(json(pages.get(page))));
    }
  }

  @Test
  void runsOnTheFloorVersion() {
    assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString())
        .isEqualTo(System.getProperty("usersync.jackson.version"));
    assertThat(com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString())
        .isEqualTo(System.getProperty("usersync.jackson.version"));
  }

  @Test
  void readsMapsAndSyncsAndReports() throws Exception {
    Map<String, JsonNode> expected = new LinkedHashMap<>();
    for (String page : pages.values()) {
      for (JsonNode u : JSON.readTree(page).path("value")) {
        expected.put(u.path("id").asText(), u);
      }
    }
    UserMapping mapping = UserMapping.parse(JSON.readTree(
        "{\"username\": \"userPrincipalName | lower\", \"groups\": false,"
            + " \"attributes\": {\"family\": \"$familyName | upper\"}}"), "entra");
    InMemoryTarget target = InMemoryTarget.create();

    SyncReport report;
    try (EntraDirectory entra = EntraDirectory.create(settings())) {
      List<DirectoryUser> read = entra.users(UserQuery.standard()).collect(Collectors.toList());
      assertThat(read).extracting(DirectoryUser::id).containsExactlyElementsOf(expected.keySet());
      report = UserSync.builder(entra, target).mapper(mapping).build().run();
    }

    // An account disabled in the IdP is not created in the host (the default policy).
    List<JsonNode> enabled = expected.values().stream()
        .filter(u -> u.path("accountEnabled").asBoolean()).collect(Collectors.toList());
    assertThat(enabled).hasSizeBetween(1, expected.size() - 1);
    assertThat(report.success()).as(report.toText()).isTrue();
    assertThat(report.counts().created()).isEqualTo(enabled.size());
    assertThat(target.users()).hasSize(enabled.size());
    for (JsonNode u : enabled) {
      HostUser host = target.requireUser(u.path("userPrincipalName").asText().toLowerCase(Locale.ROOT));
      assertThat(host.externalId()).contains(u.path("id").asText());
      assertThat(host.attributes().get("family"))
          .isEqualTo(u.path("surname").isTextual() ? u.path("surname").asText().toUpperCase(Locale.ROOT) : null);
    }
    assertThat(JSON.readTree(report.toJson()).path("counts").path("created").asInt())
        .isEqualTo(enabled.size());
  }

  private static EntraSettings settings() {
    return EntraSettings.builder()
        .tenant(TENANT)
        .clientId("00001111-aaaa-2222-bbbb-3333cccc4444")
        .clientSecret(Secret.of("only-for-tests"))
        .loginBaseUrl(URI.create(wm.baseUrl()))
        .baseUrl(URI.create(wm.baseUrl()))
        .build();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
  }
}
