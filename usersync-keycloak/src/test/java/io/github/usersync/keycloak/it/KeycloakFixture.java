package io.github.usersync.keycloak.it;

import io.github.usersync.core.settings.Secret;
import io.github.usersync.keycloak.KeycloakSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real Keycloak server and one seeded realm ({@value #REALM}, {@value #USERS} users) shared by
 * every integration test class of a run: started when the first class asks for it, stopped when
 * the whole run ends (JUnit closes it from the root store, pass or fail; the server's own shutdown
 * hook covers a JVM that exits first). A failed start is remembered, so later classes fail at once
 * with the same cause instead of starting again.
 *
 * <p>Test classes get it as a parameter: {@code @ExtendWith(KeycloakFixture.Resolver.class)} and
 * {@code @BeforeAll static void setUp(KeycloakFixture keycloak)}.
 */
public final class KeycloakFixture implements AutoCloseable {
  /** The shared realm's name. */
  public static final String REALM = "usersync-it";
  /** Users in the shared realm: more than two pages of the default page size. */
  public static final int USERS = 1200;

  private final KeycloakTestServer server;
  private final KeycloakAdmin admin;
  private final SeededRealm realm;

  private KeycloakFixture(KeycloakTestServer server, KeycloakAdmin admin, SeededRealm realm) {
    this.server = server;
    this.admin = admin;
    this.realm = realm;
  }

  private static KeycloakFixture start() {
    KeycloakTestServer server = KeycloakTestServer.start();
    try {
      long t = System.nanoTime();
      KeycloakAdmin admin = server.admin();
      SeededRealm realm = SeededRealm.define(REALM, USERS);
      realm.seed(admin);
      System.out.printf(Locale.ROOT, "Keycloak %s ready in %d s; realm %s seeded (%d users, %d groups) in %d ms%n",
          server.home().getFileName(), server.startup().toSeconds(), REALM, USERS, realm.groups().size(),
          Duration.ofNanos(System.nanoTime() - t).toMillis());
      return new KeycloakFixture(server, admin, realm);
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  /** The server. */
  public KeycloakTestServer server() {
    return server;
  }

  /** The admin API as the bootstrap admin. */
  public KeycloakAdmin admin() {
    return admin;
  }

  /** The shared seeded realm. Tests that change data seed a realm of their own. */
  public SeededRealm realm() {
    return realm;
  }

  /** Client-credentials settings for {@code clientId} of a seeded realm. */
  public KeycloakSettings.Builder settings(SeededRealm seeded, String clientId) {
    return KeycloakSettings.builder()
        .baseUrl(URI.create(server.baseUrl()))
        .realm(seeded.realm())
        .clientId(clientId)
        .clientSecret(Secret.of(seeded.clientSecret()));
  }

  /** Client-credentials settings for the connector's client of the shared realm. */
  public KeycloakSettings.Builder settings() {
    return settings(realm, SeededRealm.CLIENT);
  }

  /** Password-grant settings: the bootstrap admin on admin-cli in the master realm. */
  public KeycloakSettings.Builder adminSettings() {
    return KeycloakSettings.builder()
        .baseUrl(URI.create(server.baseUrl()))
        .realm(realm.realm())
        .grantType(KeycloakSettings.GrantType.PASSWORD)
        .username(KeycloakTestServer.ADMIN_USER)
        .password(Secret.of(server.adminPassword()));
  }

  @Override
  public void close() {
    server.close();
  }

  /** The start outcome kept in the root store: the fixture, or why it could not start. */
  private static final class Outcome implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final KeycloakFixture fixture;
    private final RuntimeException failure;

    Outcome(KeycloakFixture fixture, RuntimeException failure) {
      this.fixture = fixture;
      this.failure = failure;
    }

    @Override
    public void close() {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  /** Gives test classes the shared fixture. */
  public static final class Resolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
      return p.getParameter().getType() == KeycloakFixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
      Outcome o = c.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(KeycloakFixture.class.getName(), k -> {
            try {
              return new Outcome(start(), null);
            } catch (RuntimeException e) {
              return new Outcome(null, e);
            }
          }, Outcome.class);
      if (o.failure != null) {
        throw new IllegalStateException("the Keycloak test server did not start: " + o.failure.getMessage(), o.failure);
      }
      return o.fixture;
    }
  }
}
