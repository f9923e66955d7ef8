package io.github.usersync.testkit.example;

import io.github.usersync.core.settings.ConnectionSettings;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.settings.SharedKeys;
import java.net.URI;
import java.util.List;
import org.immutables.value.Value;

/** How to reach an Acme directory: its URL and an API token. */
@Value.Immutable
public abstract class AcmeSettings implements ConnectionSettings {
  /** {@code apiToken}: sent as {@code Authorization: Bearer <token>}. */
  public static final SettingKey API_TOKEN =
      SettingKey.requiredSecret("apiToken", "An Acme API token with read access to users and groups.");

  /** The shared keys, with Acme's defaults and bounds. */
  static final SharedKeys SHARED =
      SharedKeys.builder()
          .baseUrl(SharedKeys.baseUrl(true, "Acme's URL, e.g. https://acme.example.com."))
          .pageSize(100, 500, "users, groups or members")
          .maxConcurrentRequests(4, 16, null)
          .build();

  /** Every key {@link #fromSettings(Settings)} accepts. */
  public static final List<SettingKey> KEYS = SHARED.keys(API_TOKEN);

  AcmeSettings() {}

  /** Where the API is. */
  public abstract URI baseUrl();

  /** The API token. */
  public abstract Secret apiToken();

  /** The shared keys with this connector's defaults and bounds. */
  @Override
  public SharedKeys sharedKeys() {
    return SHARED;
  }

  @Value.Check
  AcmeSettings check() {
    SHARED.check(this);
    URI clean = SharedKeys.checkUrl(SHARED.baseUrl().orElseThrow(), baseUrl());
    return clean.equals(baseUrl()) ? this : builder().from(this).baseUrl(clean).build();
  }

  /** Reads settings from a map of keys ({@link #KEYS}), naming the key at fault. */
  public static AcmeSettings fromSettings(Settings settings) {
    return builder()
        .from(SHARED.read(settings, KEYS))
        .baseUrl(settings.url(SHARED.baseUrl().orElseThrow()).orElseThrow())
        .apiToken(settings.requireSecret(API_TOKEN))
        .build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link AcmeSettings}. */
  public static final class Builder extends ImmutableAcmeSettings.Builder {}
}
