package io.github.usersync.examples;

import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.sync.SyncListener;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.scim.ScimAuthentication;
import io.github.usersync.scim.ScimServer;
import io.github.usersync.scim.ScimServiceProvider;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;

/**
 * A SCIM 2.0 service in front of a host, for Microsoft Entra provisioning or Okta to push into: a
 * {@link ScimServiceProvider} served by {@link ScimServer} on loopback (put an https reverse proxy
 * in front and give the IdP its URL). {@code main} serves until stopped, with the token from {@code
 * USERSYNC_SCIM_TOKEN}; the build runs {@link #run}, which pushes one user as Entra would.
 */
public final class ScimServeExample {
  private ScimServeExample() {}

  /** Serves on 127.0.0.1:8080/scim/v2 until the process is stopped. */
  public static void main(String[] args) throws InterruptedException {
    String token = System.getenv("USERSYNC_SCIM_TOKEN");
    if (token == null || token.isEmpty()) {
      System.err.println("set USERSYNC_SCIM_TOKEN to the bearer token the IdP will send");
      System.exit(2);
    }
    InMemoryTarget host = InMemoryTarget.create(); // your ProvisioningTarget here
    ScimServiceProvider scim = ScimServiceProvider.builder(host)
        .authentication(ScimAuthentication.bearerToken(Secret.of(token)))
        .listener(new SyncListener() {
          @Override
          public void finished(SyncReport report) {
            System.out.println(report.toText());
          }
        })
        .build();
    ScimServer server = ScimServer.builder(scim).port(8080).build().start();
    System.out.println("SCIM service at " + server.uri() + " (tenant URL: your proxy's https URL + /scim/v2)");
    new CountDownLatch(1).await();
  }

  static HostUser run(PrintStream out) throws Exception {
    InMemoryTarget host = InMemoryTarget.create();
    try (ScimServiceProvider scim = ScimServiceProvider.builder(host)
            .authentication(ScimAuthentication.bearerToken(Secret.of("example-token-123"))).build();
        ScimServer server = ScimServer.builder(scim).build().start()) {
      String user = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
          + "\"externalId\":\"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\",\"userName\":\"ada@example.com\","
          + "\"active\":true,\"displayName\":\"Ada Lovelace\","
          + "\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"ada@example.com\"}]}";
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.uri() + "/Users"))
              .header("Authorization", "Bearer example-token-123")
              .header("Content-Type", "application/scim+json")
              .POST(HttpRequest.BodyPublishers.ofString(user)).build(),
          HttpResponse.BodyHandlers.ofString());
      HostUser created = host.userByExternalId("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef").orElseThrow();
      out.println("POST /Users: HTTP " + r.statusCode() + "; host user " + created.username()
          + " (" + created.displayName().orElse("") + "), linked to " + created.externalId().orElse(""));
      return created;
    }
  }
}
