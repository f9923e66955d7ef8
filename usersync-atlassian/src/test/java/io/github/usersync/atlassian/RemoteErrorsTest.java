package io.github.usersync.atlassian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.atlassian.sim.ConfluenceSim;
import io.github.usersync.atlassian.sim.CrowdSim;
import io.github.usersync.atlassian.sim.JiraSim;
import io.github.usersync.atlassian.sim.SimServer;
import io.github.usersync.atlassian.sim.SimState;
import io.github.usersync.core.AuthenticationFailedException;
import io.github.usersync.core.PermissionDeniedException;
import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failures of every remote target surface as {@link ProvisioningException}s that name the
 * operation and the user, keep the toolkit's exception as the cause and its fix in the message;
 * 429 and 5xx are retried as the toolkit does.
 */
class RemoteErrorsTest {
  /** One product: how to start it, the path suffix of "create user", and the 409-like answer. */
  static final class Product {
    final String name;
    final Function<SimState, SimServer> server;
    final Function<String, AtlassianTarget> target;
    final String createPath;
    final String deactivatePath;
    final String deactivateMethod;
    final int existsStatus;
    final String existsBody;

    Product(String name, Function<SimState, SimServer> server, Function<String, AtlassianTarget> target,
        String createPath, String deactivateMethod, String deactivatePath, int existsStatus, String existsBody) {
      this.name = name;
      this.server = server;
      this.target = target;
      this.createPath = createPath;
      this.deactivateMethod = deactivateMethod;
      this.deactivatePath = deactivatePath;
      this.existsStatus = existsStatus;
      this.existsBody = existsBody;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> products() {
    return Stream.of(
        Arguments.of(new Product("crowd", CrowdSim::server,
            base -> CrowdTarget.remote(Sims.crowd(base), Sims.options()),
            "/rest/usermanagement/1/user", "PUT", "/rest/usermanagement/1/user",
            400, "{\"reason\":\"INVALID_USER\",\"message\":\"User already exists\"}")),
        Arguments.of(new Product("jira", s -> JiraSim.server(s, "10.3.1"),
            base -> JiraTarget.remote(Sims.jira(base, JiraAttributeStore.CROWD_ATTRIBUTES), Sims.options()),
            "/rest/api/2/user", "PUT", "/rest/usermanagement/1/user",
            400, "{\"errorMessages\":[],\"errors\":{\"username\":\"A user with that username already exists.\"}}")),
        Arguments.of(new Product("confluence", s -> ConfluenceSim.server(s, "9.4.1"),
            base -> ConfluenceTarget.remote(Sims.confluence(base, null), Sims.options()),
            "/rest/api/admin/user", "PUT", "/disable",
            409, "{\"statusCode\":409,\"message\":\"A user with the same userName already exists\",\"reason\":\"Conflict\"}")));
  }

  private SimServer server = CrowdSim.server(new SimState());

  @AfterEach
  void stop() {
    server.close();
  }

  private AtlassianTarget start(Product p) {
    server.close();
    server = p.server.apply(new SimState());
    return p.target.apply(server.baseUrl());
  }

  private static NewHostUser bob() {
    return NewHostUser.builder().username("bob").email("bob@example.com").displayName("Bob Builder")
        .externalId("idp-bob").build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("products")
  void unauthorizedNamesTheOperationTheUserAndTheCredentialToCheck(Product p) {
    AtlassianTarget target = start(p);
    // Twice, in case the toolkit tries once more after a 401 (it does when a token can be refreshed).
    server.failNext("POST", p.createPath, 2, 401, "{\"message\":\"Unauthorized\"}");

    assertThatThrownBy(() -> target.createUser(bob()))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageStartingWith("create user 'bob' failed: ")
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining(p.name.equals("crowd") ? "applicationPassword" : "token")
        .hasCauseInstanceOf(AuthenticationFailedException.class)
        .satisfies(e -> {
          assertThat(((ProvisioningException) e).operation()).isEqualTo("create user");
          assertThat(((ProvisioningException) e).subject()).isEqualTo("bob");
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("products")
  void forbiddenNamesThePermissionToGrant(Product p) {
    AtlassianTarget target = start(p);
    HostUser u = target.createUser(bob());
    server.failNext(p.deactivateMethod, p.deactivatePath, 1, 403, "{\"message\":\"Forbidden\"}");

    assertThatThrownBy(() -> target.deactivateUser(u.key()))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageStartingWith("deactivate user 'bob' failed: ")
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining(p.name.equals("confluence") ? "Confluence Administrator" : "address")
        .hasCauseInstanceOf(PermissionDeniedException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("products")
  void aUserThatExistsAlreadyIsReportedWithTheHostsMessage(Product p) {
    AtlassianTarget target = start(p);
    server.failNext("POST", p.createPath, 1, p.existsStatus, p.existsBody);

    assertThatThrownBy(() -> target.createUser(bob()))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageStartingWith("create user 'bob' failed: ")
        .hasMessageContaining("HTTP " + p.existsStatus)
        .hasMessageContaining("already exists");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("products")
  void aUserGoneFromTheHostIsReportedByKey(Product p) {
    AtlassianTarget target = start(p);
    HostUser u = target.createUser(bob());
    target.close();
    AtlassianTarget fresh = p.target.apply(server.baseUrl());
    server.failNext("GET", "/user", 10, 404, "{\"message\":\"User does not exist\"}");

    assertThatThrownBy(() -> fresh.updateUser(u.key(), HostUserUpdate.builder().displayName("B").build()))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("update user '" + u.key() + "' failed")
        .hasMessageContaining("there is no " + p.name + " user with key " + u.key());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("products")
  void serverErrorsAreRetriedThenReported(Product p) {
    AtlassianTarget target = start(p);
    HostUser u = target.createUser(bob());
    server.failNext(p.deactivateMethod, p.deactivatePath, 3, 503, "{\"message\":\"Service Unavailable\"}");

    assertThatThrownBy(() -> target.deactivateUser(u.key()))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageStartingWith("deactivate user 'bob' failed: ")
        .hasMessageContaining("HTTP 503");
    assertThat(server.requests(p.deactivateMethod, p.deactivatePath)).hasSize(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("products")
  void throttlingWaitsAsToldAndThenSucceeds(Product p) {
    AtlassianTarget target = start(p);
    HostUser u = target.createUser(bob());
    Sims.WAITS.clear();
    server.failNext(p.deactivateMethod, p.deactivatePath, 1, 429, "{\"message\":\"Too many requests\"}",
        "Retry-After", "2");

    target.deactivateUser(u.key());

    assertThat(Sims.WAITS).contains(Duration.ofSeconds(2));
    assertThat(target.user(u.key()).orElseThrow().active()).isFalse();
  }
}
