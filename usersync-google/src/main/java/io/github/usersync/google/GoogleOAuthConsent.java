package io.github.usersync.google;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiError;
import io.github.usersync.core.http.ApiErrorParser;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.RetryPolicy;
import io.github.usersync.core.http.Urls;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.Settings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Obtains a refresh token once, for the OAuth client mode of {@link GoogleSettings}: send an
 * administrator to {@link #consentUrl}, receive the {@code code} on the redirect URI, and {@link
 * #exchangeCode exchange} it for the refresh token to store in the {@code refreshToken} setting.
 *
 * <p>The consent URL asks for offline access and forces the consent screen ({@code
 * access_type=offline&prompt=consent}): without both, Google issues no refresh token to a user who
 * consented before.
 */
public final class GoogleOAuthConsent {
  /** Google's authorization endpoint. */
  public static final URI AUTHORIZATION_URL = URI.create("https://accounts.google.com/o/oauth2/v2/auth");

  private final String clientId;
  private final Secret clientSecret;
  private final URI authorizationUrl;
  private final URI tokenUrl;
  private final ApiClient client;

  private GoogleOAuthConsent(Builder b) {
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.authorizationUrl = b.authorizationUrl;
    this.tokenUrl = b.tokenUrl;
    this.client =
        b.options.apiClient(GoogleDirectory.PROVIDER_ID, tokenUrl)
            .errorParser(GoogleOAuthConsent::parseError)
            // an authorization code works once: never send it twice
            .retryPolicy(RetryPolicy.none())
            .redact(clientSecret)
            .build();
  }

  /** A helper for the OAuth client {@code clientId} with Google's endpoints. */
  public static GoogleOAuthConsent create(String clientId, Secret clientSecret) {
    return builder(clientId, clientSecret).build();
  }

  /** A builder, to change the endpoints or pass the host's {@link ConnectorOptions}. */
  public static Builder builder(String clientId, Secret clientSecret) {
    return new Builder(clientId, clientSecret);
  }

  /**
   * The URL to send an administrator to, on Google's authorization endpoint.
   *
   * @param redirectUri where Google sends the browser back with {@code code} and {@code state};
   *     registered on the OAuth client
   * @param scopes the scopes to grant, e.g. {@link GoogleSettings#DEFAULT_SCOPES}
   * @param state an unguessable value the redirect must carry back unchanged (CSRF protection)
   */
  public static URI consentUrl(String clientId, String redirectUri, List<String> scopes, String state) {
    return consentUrl(AUTHORIZATION_URL, clientId, redirectUri, scopes, state);
  }

  /** The consent URL on this helper's authorization endpoint; see the static form. */
  public URI consentUrl(String redirectUri, List<String> scopes, String state) {
    return consentUrl(authorizationUrl, clientId, redirectUri, scopes, state);
  }

  private static URI consentUrl(
      URI endpoint, String clientId, String redirectUri, List<String> scopes, String state) {
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("at least one scope is needed");
    }
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", clientId);
    q.put("redirect_uri", redirectUri);
    q.put("scope", String.join(" ", scopes));
    q.put("access_type", "offline");
    q.put("prompt", "consent");
    q.put("state", state);
    StringBuilder s = new StringBuilder(endpoint.toString());
    char sep = s.indexOf("?") >= 0 ? '&' : '?';
    for (Map.Entry<String, String> e : q.entrySet()) {
      s.append(sep).append(e.getKey()).append('=').append(Urls.encodeFormComponent(e.getValue()));
      sep = '&';
    }
    return URI.create(s.toString());
  }

  /**
   * Exchanges the {@code code} Google sent to the redirect URI for a refresh token.
   *
   * @param redirectUri the same redirect URI the consent URL carried
   * @throws io.github.usersync.core.AuthenticationFailedException when Google refuses the code or
   *     the client, with what to check
   * @throws DirectoryException when Google answers without a refresh token
   */
  public Secret exchangeCode(String code, String redirectUri) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret.reveal());
    ApiRequest request =
        ApiRequest.post(tokenUrl).authenticated(false).label("authorization code").formBody(form).build();
    JsonNode json = client.json(request);
    JsonNode refresh = json.get("refresh_token");
    if (refresh == null || !refresh.isTextual() || refresh.asText().isEmpty()) {
      throw new DirectoryException(
          "google: " + Urls.withoutQuery(tokenUrl) + " exchanged the code but returned no"
              + " refresh_token; the consent URL must carry access_type=offline and prompt=consent"
              + " (consentUrl adds both). If the administrator used another URL, revoke the app's"
              + " access at https://myaccount.google.com/permissions and consent again.");
    }
    return Secret.of(refresh.asText());
  }

  private static ApiError parseError(ApiRequest request, io.github.usersync.core.http.ApiResponse response) {
    ApiError e = ApiErrorParser.standard().parse(request, response);
    switch (e.code().orElse("")) {
      case "invalid_grant":
        return e.withKind(ApiError.Kind.AUTHENTICATION_FAILED)
            .withFix(
                "Google refused the code: a code works once and for a few minutes only, and the"
                    + " redirect URI must be exactly the one the consent URL carried; start the"
                    + " consent again.");
      case "redirect_uri_mismatch":
        return e.withKind(ApiError.Kind.AUTHENTICATION_FAILED)
            .withFix(
                "The redirect URI is not registered on the OAuth client; add it under Authorized"
                    + " redirect URIs in the Google Cloud console (APIs & Services > Credentials).");
      case "invalid_client":
      case "unauthorized_client":
        return e.withKind(ApiError.Kind.AUTHENTICATION_FAILED)
            .withFix(
                "Google does not accept this client id and secret; copy both from the OAuth"
                    + " client in the Google Cloud console (APIs & Services > Credentials).");
      default:
        return e;
    }
  }

  @Override
  public String toString() {
    return "GoogleOAuthConsent[" + clientId + "]";
  }

  /** Builds a {@link GoogleOAuthConsent}. */
  public static final class Builder {
    private final String clientId;
    private final Secret clientSecret;
    private URI authorizationUrl = AUTHORIZATION_URL;
    private URI tokenUrl = GoogleSettings.DEFAULT_TOKEN_URL;
    private ConnectorOptions options = ConnectorOptions.defaults();

    private Builder(String clientId, Secret clientSecret) {
      this.clientId = clientId;
      this.clientSecret = clientSecret;
    }

    /** The authorization endpoint (default Google's). */
    public Builder authorizationUrl(URI url) {
      this.authorizationUrl = Settings.parseSecureUrl("authorizationUrl", url.toString());
      return this;
    }

    /** The token endpoint (default Google's). */
    public Builder tokenUrl(URI url) {
      this.tokenUrl = Settings.parseSecureUrl("tokenUrl", url.toString());
      return this;
    }

    /** The host's infrastructure (HTTP client, mapper, clock), as for the directory. */
    public Builder options(ConnectorOptions options) {
      this.options = options;
      return this;
    }

    /** The helper. */
    public GoogleOAuthConsent build() {
      return new GoogleOAuthConsent(this);
    }
  }
}
