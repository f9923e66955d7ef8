package io.github.usersync.entra.internal;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.http.Urls;
import io.github.usersync.entra.EntraSettings;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks behind {@link EntraSettings#check()}. */
public final class SettingsValidation {
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
  private static final Set<String> MULTI_TENANT = Set.of("common", "organizations", "consumers");

  private SettingsValidation() {}

  /** Checks {@code s}; every failure is a {@link ConfigurationException} naming the setting. */
  public static void check(EntraSettings s) {
    String tenant = s.tenant();
    if (MULTI_TENANT.contains(tenant.toLowerCase(Locale.ROOT))) {
      throw new ConfigurationException(
          EntraSettings.TENANT.name(),
          "'"
              + tenant
              + "' is a multi-tenant alias; the client credentials flow needs one tenant: use"
              + " its directory (tenant) ID or a verified domain");
    }
    if (!GUID.matcher(tenant).matches() && !DOMAIN.matcher(tenant).matches()) {
      throw new ConfigurationException(
          EntraSettings.TENANT.name(),
          "'"
              + tenant
              + "' is neither a directory (tenant) ID (a GUID) nor a domain name such as"
              + " contoso.onmicrosoft.com; copy the Directory (tenant) ID from the app"
              + " registration's Overview page");
    }
    if (!GUID.matcher(s.clientId()).matches()) {
      throw new ConfigurationException(
          EntraSettings.CLIENT_ID.name(),
          "'"
              + s.clientId()
              + "' is not a GUID; copy the Application (client) ID from the app registration's"
              + " Overview page");
    }
    boolean secret = s.clientSecret().isPresent();
    boolean cert = s.certificate().isPresent();
    boolean key = s.privateKey().isPresent();
    if (secret && (cert || key)) {
      throw new ConfigurationException(
          EntraSettings.CLIENT_SECRET.name(),
          "is set together with "
              + (cert ? EntraSettings.CERTIFICATE.name() : EntraSettings.PRIVATE_KEY.name())
              + "; set exactly one credential: either clientSecret, or certificate and"
              + " privateKey");
    }
    if (!secret && !cert && !key) {
      throw new ConfigurationException(
          EntraSettings.CLIENT_SECRET.name(),
          "no credential is set; set exactly one: clientSecret (a client secret's Value), or"
              + " certificate and privateKey (a certificate uploaded to the app registration)");
    }
    if (cert != key) {
      throw new ConfigurationException(
          cert ? EntraSettings.PRIVATE_KEY.name() : EntraSettings.CERTIFICATE.name(),
          "is required with "
              + (cert ? EntraSettings.CERTIFICATE.name() : EntraSettings.PRIVATE_KEY.name())
              + ": a certificate credential needs both the PEM certificate and its private key");
    }
    if (cert) {
      // Parsed now so a bad PEM or a key of another certificate fails when the settings are
      // built, not at the first token request.
      CertificateCredential.parse(
          EntraSettings.CERTIFICATE.name(),
          s.certificate().get(),
          EntraSettings.PRIVATE_KEY.name(),
          s.privateKey().get());
    }
    if (!s.apiVersion().equals("v1.0") && !s.apiVersion().equals("beta")) {
      throw new ConfigurationException(
          EntraSettings.API_VERSION.name(),
          "must be v1.0 or beta, got '" + s.apiVersion() + "'");
    }
    if (s.pageSize() < 1 || s.pageSize() > EntraSettings.MAX_PAGE_SIZE) {
      throw new ConfigurationException(
          EntraSettings.PAGE_SIZE.name(),
          "must be between 1 and "
              + EntraSettings.MAX_PAGE_SIZE
              + " (Graph's largest page), got "
              + s.pageSize());
    }
    if (s.maxConcurrentRequests() < 1 || s.maxConcurrentRequests() > 64) {
      throw new ConfigurationException(
          EntraSettings.MAX_CONCURRENT_REQUESTS.name(),
          "must be between 1 and 64, got " + s.maxConcurrentRequests());
    }
    if (s.requestTimeout().isNegative() || s.requestTimeout().isZero()) {
      throw new ConfigurationException(EntraSettings.REQUEST_TIMEOUT.name(), "must be positive");
    }
    s.loginBaseUrl()
        .ifPresent(u -> Urls.requireSecure(EntraSettings.LOGIN_BASE_URL.name(), u.toString()));
    s.graphBaseUrl()
        .ifPresent(u -> Urls.requireSecure(EntraSettings.GRAPH_BASE_URL.name(), u.toString()));
  }
}
