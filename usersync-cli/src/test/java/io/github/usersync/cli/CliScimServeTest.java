package io.github.usersync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import io.github.usersync.core.sync.SyncLock;
import io.github.usersync.core.sync.SyncState;
import io.github.usersync.core.sync.SyncStateStore;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code usersync serve} with a config that has only a {@code scim} section, as an admin runs it for
 * Entra or Okta provisioning: started through the CLI's entry point, driven over HTTP by a SCIM
 * client no one here wrote (UnboundID's {@code scim2-sdk-client}), checked in the host file; the
 * sync's lock held by another holder makes pushes answer 503 with Retry-After; a restart keeps the
 * SCIM ids.
 */
class CliScimServeTest {
  private static final String TOKEN = "s3cret-token-for-the-scim-test";
  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Path config() throws IOException {
    Path f = dir.resolve("usersync.yaml");
    Files.writeString(f, String.join("\n",
        "name: pushed",
        "target:",
        "  type: json-file",
        "  path: host.json",
        "scim:",
        "  port: 0",
        "  token: " + TOKEN,
        "  lockWait: 0s",
        "  retryAfter: 7s",
        ""));
    return f;
  }

  /** A running serve: the CLI, its future exit code and the SCIM base URL it printed. */
  private final class Serving implements AutoCloseable {
    final Cli cli = new Cli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    final CompletableFuture<Integer> code;
    final URI base;

    Serving(Path cfg) throws InterruptedException {
      this(cfg, "pushed");
    }

    Serving(Path cfg, String name, String... options) throws InterruptedException {
      err.reset();
      Pattern url = Pattern.compile("SCIM service of " + name + " at (http://\\S+) ");
      java.util.List<String> args = new java.util.ArrayList<>(List.of("serve", "--config", cfg.toString(), "--quiet"));
      args.addAll(List.of(options));
      code = CompletableFuture.supplyAsync(() -> cli.run(args.toArray(new String[0])));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      Matcher m = url.matcher("");
      while (!(m = url.matcher(err.toString(StandardCharsets.UTF_8))).find() && !code.isDone()
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(m.find(0)).as(err.toString(StandardCharsets.UTF_8)).isTrue();
      base = URI.create(m.group(1));
    }

    @Override
    public void close() throws Exception {
      cli.stopSchedule();
      assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
    }
  }

  private static Client http() {
    return ClientBuilder.newClient(new ClientConfig().connectorProvider(new JavaNetHttpConnectorProvider()))
        .register((ClientRequestFilter) r -> r.getHeaders().putSingle("Authorization", "Bearer " + TOKEN));
  }

  private static UserResource user(String name, String externalId) {
    UserResource u = new UserResource().setUserName(name)
        .setName(new Name().setGivenName(name).setFamilyName("Tester"))
        .setEmails(List.of(new Email().setValue(name + "@example.com").setType("work").setPrimary(true)))
        .setActive(true);
    u.setExternalId(externalId);
    return u;
  }

  private JsonNode host() throws IOException {
    return new ObjectMapper().readTree(dir.resolve("host.json").toFile());
  }

  private static JsonNode hostUser(JsonNode host, String username) {
    for (JsonNode u : host.path("users")) {
      if (u.path("username").asText().equals(username)) {
        return u;
      }
    }
    throw new AssertionError("no host user " + username + " in " + host);
  }

  @Test
  void servesScimFromAConfigFileAndKeepsIdsAcrossARestart() throws Exception {
    Path cfg = config();
    // A pull of the same sync committed earlier: pushes must keep its state.
    SyncStateStore states = SyncStateStore.file(dir.resolve(".pushed.usersync-state.json"));
    states.save("pushed", SyncState.builder()
        .putManagedGroups("okta-group-1", SyncState.ManagedGroup.of("jira-users", true))
        .putPending("00u-late", SyncState.Pending.of("the host refused: timeout", java.time.Instant.parse("2026-12-01T00:00:00Z")))
        .build());

    String babsId;
    int port;
    try (Serving serve = new Serving(cfg); Client client = http()) {
      assertThat(serve.base.getHost()).as("loopback unless scim.bind says otherwise").isEqualTo("127.0.0.1");
      port = serve.base.getPort();
      ScimService scim = new ScimService(client.target(serve.base));
      UserResource babs = scim.create("Users", user("babs", "idp-babs"));
      UserResource boss = scim.create("Users", user("boss", "idp-boss"));
      babsId = babs.getId();
      GroupResource group = scim.create("Groups", new GroupResource().setDisplayName("engineering")
          .setMembers(List.of(new Member().setValue(babs.getId()))));
      scim.modifyRequest("Groups", group.getId()).addValues("members", new Member().setValue(boss.getId()))
          .invoke(GroupResource.class);
      scim.modifyRequest("Users", boss.getId()).replaceValue("active", false).invoke(UserResource.class);

      // Another holder of the sync's lock (a `usersync sync` of this config in another process takes
      // the same file lock): a push is answered 503 with Retry-After, and applies once it is free.
      HttpClient raw = HttpClient.newHttpClient();
      HttpRequest post = HttpRequest.newBuilder(URI.create(serve.base + "/Users"))
          .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/scim+json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
              + "\"userName\":\"carl\",\"externalId\":\"idp-carl\",\"active\":true}"))
          .build();
      try (SyncLock.Handle held = SyncLock.file(dir).acquire("pushed")) {
        HttpResponse<String> busy = raw.send(post, HttpResponse.BodyHandlers.ofString());
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).contains("7");
        assertThat(busy.body()).contains("urn:ietf:params:scim:api:messages:2.0:Error", "retry after 7 s");
      }
      assertThat(raw.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);

      JsonNode h = host();
      assertThat(hostUser(h, "babs").path("active").asBoolean()).isTrue();
      assertThat(hostUser(h, "babs").path("groups").toString()).contains("engineering");
      assertThat(hostUser(h, "boss").path("active").asBoolean()).as("deactivated by the push").isFalse();
      assertThat(hostUser(h, "boss").path("groups").toString()).contains("engineering");
      assertThat(hostUser(h, "carl").path("active").asBoolean()).isTrue();
      assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain(TOKEN);
    }
    try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).as("the port is released when serve stops").isEqualTo(port);
    }
    SyncState kept = states.load("pushed").orElseThrow();
    assertThat(kept.managedGroups()).containsKey("okta-group-1");
    assertThat(kept.pending()).containsKey("00u-late");
    assertThat(kept.extensions()).containsKey("scim");

    // A restart: the IdP PATCHes by the SCIM id it was given before.
    try (Serving serve = new Serving(cfg); Client client = http()) {
      ScimService scim = new ScimService(client.target(serve.base));
      assertThat(scim.retrieve("Users", babsId, UserResource.class).getUserName()).isEqualTo("babs");
      scim.modifyRequest("Users", babsId).replaceValue("displayName", "Babs Jensen").invoke(UserResource.class);
      assertThat(hostUser(host(), "babs").path("displayName").asText()).isEqualTo("Babs Jensen");
      assertThat(hostUser(host(), "babs").path("groups").toString()).as("memberships kept").contains("engineering");
    } catch (ScimException e) {
      throw new AssertionError(e);
    }
  }

  private static HttpRequest post(URI base, String userName, String externalId) {
    return HttpRequest.newBuilder(URI.create(base + "/Users"))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/scim+json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
            + "\"userName\":\"" + userName + "\",\"externalId\":\"" + externalId + "\",\"active\":true}"))
        .build();
  }

  /**
   * A config with a source and a scim section: the console's runs and the pushes share the target,
   * the state and the lock. This process holds the sync's file lock while it serves, so a push takes
   * the sync's JVM lock, which the console's runs take too.
   */
  @Test
  void pullsAndPushesShareOneHostOneStateAndOneLock() throws Exception {
    io.github.usersync.cli.internal.demo.SampleGraph graph = io.github.usersync.cli.internal.demo.Samples.tenant();
    try {
      Path cfg = dir.resolve("both.yaml");
      Files.writeString(cfg, String.join("\n",
          "name: both",
          "source:",
          "  provider: entra",
          "  settings:",
          "    tenant: " + io.github.usersync.cli.internal.demo.SampleGraph.TENANT,
          "    clientId: 5b1f6c2e-1d7a-4c4e-9a3b-6f0d2c8e7a41",
          "    clientSecret: demo-secret",
          "    loginBaseUrl: " + graph.baseUrl(),
          "    baseUrl: " + graph.baseUrl(),
          "target:",
          "  type: json-file",
          "  path: host.json",
          "scim:",
          "  port: 0",
          "  token: " + TOKEN,
          "  lockWait: 0s",
          ""));
      String one = io.github.usersync.cli.internal.demo.Samples.userId(1);
      try (Serving serve = new Serving(cfg, "both", "--port", "0")) {
        HttpClient raw = HttpClient.newHttpClient();
        // Entra pushes a user it also holds (externalId = its object id): linked like a pulled one.
        assertThat(raw.send(post(serve.base, "pushed.one@contoso.com", one), HttpResponse.BodyHandlers.ofString())
            .statusCode()).as("a push is not kept out by this process's own file lock").isEqualTo(201);
        try (SyncLock.Handle run = SyncLock.local().acquire("both")) { // what a console or scheduled run holds
          HttpResponse<String> busy = raw.send(post(serve.base, "pushed.two@contoso.com",
              io.github.usersync.cli.internal.demo.Samples.userId(2)), HttpResponse.BodyHandlers.ofString());
          assertThat(busy.statusCode()).isEqualTo(503);
          assertThat(busy.headers().firstValue("Retry-After")).contains("30");
        }
        assertThat(raw.send(post(serve.base, "pushed.two@contoso.com",
            io.github.usersync.cli.internal.demo.Samples.userId(2)), HttpResponse.BodyHandlers.ofString()).statusCode())
            .isEqualTo(201);
      }
      assertThat(hostUser(host(), "pushed.one@contoso.com").path("active").asBoolean()).isTrue();

      // A pull of the same sync afterwards: it links the pushed accounts by the IdP id and keeps the
      // pushes' resources in the state it commits.
      Cli cli = new Cli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      cli.run("sync", "--config", cfg.toString(), "--quiet");
      SyncState after = SyncStateStore.file(dir.resolve(".both.usersync-state.json")).load("both").orElseThrow();
      assertThat(after.lastFullSync()).as(err.toString(StandardCharsets.UTF_8)).isPresent();
      assertThat(after.managedGroups()).isNotEmpty();
      assertThat(after.extensions()).containsKey("scim");
      assertThat(after.extensions().get("scim")).contains("pushed.one@contoso.com");
      long linkedToOne = 0;
      for (JsonNode u : host().path("users")) {
        if (u.path("id").asText().equals(one)) {
          linkedToOne++;
        }
      }
      assertThat(linkedToOne).as("one account per IdP id, pushed or pulled").isEqualTo(1);
    } finally {
      graph.close();
    }
  }

  @Test
  void aConfigWithNeitherSourceNorScimNamesTheKey() throws Exception {
    Path f = dir.resolve("empty.yaml");
    Files.writeString(f, "target: { type: memory }\n");
    Cli cli = new Cli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(cli.run("serve", "--config", f.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("source", "scim section");

    err.reset();
    Files.writeString(f, "target: { type: memory }\nscim: { port: 0 }\n");
    assertThat(cli.run("serve", "--config", f.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("scim.token", "never runs open");

    err.reset();
    Files.writeString(f, "target: { type: memory }\nscim: { port: 0, token: short }\n");
    assertThat(cli.run("serve", "--config", f.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("scim.token", "too short").doesNotContain(": short");

    err.reset();
    Files.writeString(f, "target: { type: memory }\nscim: { port: 0, token: " + TOKEN + " }\n");
    assertThat(cli.run("serve", "--config", f.toString(), "--port", "9999")).as("no console, no console options")
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port is the console's", "scim.port");

    err.reset();
    assertThat(cli.run("sync", "--config", f.toString())).as("sync needs a source").isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("source.provider", "usersync serve")
        .doesNotContain(TOKEN);
  }
}
