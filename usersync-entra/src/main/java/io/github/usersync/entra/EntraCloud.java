package io.github.usersync.entra;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.Suggestions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Microsoft cloud a tenant lives in. Each has its own sign-in host, Microsoft Graph host and
 * token scope; tokens from one cloud are not accepted by another (Microsoft Graph "national cloud
 * deployments"). Microsoft 365 GCC tenants use {@link #GLOBAL}.
 */
public enum EntraCloud {
  /** The global service, including Microsoft 365 GCC. */
  GLOBAL("global", "https://login.microsoftonline.com", "https://graph.microsoft.com"),
  /** Microsoft Cloud for US Government L4 (GCC High). */
  US_GOV("usgov", "https://login.microsoftonline.us", "https://graph.microsoft.us"),
  /** Microsoft Cloud for US Government L5 (DoD). */
  US_GOV_DOD("usgov-dod", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us"),
  /** Microsoft Azure and Microsoft 365 operated by 21Vianet in China. */
  CHINA("china", "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn");

  private final String settingValue;
  private final URI loginHost;
  private final URI graphHost;

  EntraCloud(String settingValue, String loginHost, String graphHost) {
    this.settingValue = settingValue;
    this.loginHost = URI.create(loginHost);
    this.graphHost = URI.create(graphHost);
  }

  /** The value of the {@code cloud} setting that selects this cloud, e.g. {@code usgov-dod}. */
  public String settingValue() {
    return settingValue;
  }

  /** The Microsoft Entra sign-in host, e.g. {@code https://login.microsoftonline.us}. */
  public URI loginHost() {
    return loginHost;
  }

  /** The Microsoft Graph host, e.g. {@code https://dod-graph.microsoft.us}. */
  public URI graphHost() {
    return graphHost;
  }

  /** The client-credentials scope: the Graph host followed by {@code /.default}. */
  public String scope() {
    return graphHost + "/.default";
  }

  /**
   * The cloud a setting value names.
   *
   * @throws ConfigurationException naming the {@code cloud} key and the accepted values otherwise
   */
  public static EntraCloud fromSetting(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    List<String> accepted = new ArrayList<>();
    for (EntraCloud c : values()) {
      if (c.settingValue.equals(v)) {
        return c;
      }
      accepted.add(c.settingValue);
    }
    throw new ConfigurationException(
        "cloud",
        "'"
            + value
            + "' is not a Microsoft cloud"
            + Suggestions.didYouMean(v, accepted)
            + "; use one of "
            + String.join(", ", accepted)
            + " (Microsoft 365 GCC tenants use global)");
  }
}
