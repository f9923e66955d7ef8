package io.github.usersync.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads response fixtures from the test classpath, named {@code fixtures/<idp>/<resource>_<variant>.json}
 * (e.g. {@code fixtures/okta/users_page1.json}), shaped like the IdP's documented responses.
 */
public final class Fixtures {
  private final String idp;

  private Fixtures(String idp) {
    this.idp = idp;
  }

  /** Fixtures of one IdP, under {@code fixtures/<idp>/}. */
  public static Fixtures of(String idp) {
    return new Fixtures(idp);
  }

  /** The text of {@code fixtures/<idp>/<resource>_<variant>.json}. */
  public String json(String resource, String variant) {
    return text(resource + "_" + variant + ".json");
  }

  /**
   * The text of a fixture file with {@code {{baseUrl}}} replaced, for bodies that carry absolute
   * next-page links.
   */
  public String json(String resource, String variant, String baseUrl) {
    return json(resource, variant).replace("{{baseUrl}}", baseUrl);
  }

  /** The text of {@code fixtures/<idp>/<file>}. */
  public String text(String file) {
    String path = "fixtures/" + idp + "/" + file;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = Fixtures.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture on the test classpath at " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + path, e);
    }
  }
}
