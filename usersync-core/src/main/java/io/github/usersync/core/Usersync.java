package io.github.usersync.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Facts about the usersync library itself, for reports, logs and a {@code --version} option. */
public final class Usersync {
  private static final String VERSION = readVersion();

  private Usersync() {}

  /**
   * The version of usersync on the class path, e.g. {@code 0.1.0}; the same as the jar manifest's
   * {@code Implementation-Version}. Read from a resource the build writes, so it is right in tests
   * and IDEs too, where there is no jar; {@code unknown} only for a copy built without Maven.
   */
  public static String version() {
    return VERSION;
  }

  private static String readVersion() {
    try (InputStream in = Usersync.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String version = p.getProperty("version", "");
        if (!version.isEmpty() && !version.startsWith("${")) {
          return version;
        }
      }
    } catch (IOException e) {
      // fall back to the manifest below
    }
    String fromManifest = Usersync.class.getPackage().getImplementationVersion();
    return fromManifest == null ? "unknown" : fromManifest;
  }
}
