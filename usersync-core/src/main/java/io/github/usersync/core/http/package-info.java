/**
 * The connector HTTP toolkit, over the JDK {@link java.net.http.HttpClient}: every connector uses it,
 * so none writes its own retry loop, token cache or paging loop. Extension API: for connector
 * authors, not needed by an application that only embeds usersync.
 *
 * <ul>
 *   <li>{@link io.github.usersync.core.http.ApiClient}: sends {@link
 *       io.github.usersync.core.http.ApiRequest}s with auth, retries by kind of failure ({@link
 *       io.github.usersync.core.http.RetryPolicy}: throttling waits as the provider asks, 5xx and
 *       resets back off with jitter), throttling as flow control (fewer requests in flight after a
 *       429, pacing by the provider's remaining budget, {@link
 *       io.github.usersync.core.http.RateLimitPolicy}), a deadline and size limit for each whole
 *       answer, counting, and errors mapped to the {@link
 *       io.github.usersync.core.UsersyncException} hierarchy;
 *   <li>{@link io.github.usersync.core.http.Redactor}: masks every configured secret and every
 *       credential used at run time, in every encoding, in all text the toolkit lets out;
 *   <li>{@link io.github.usersync.core.http.TokenProvider}s: a static header token and {@link
 *       io.github.usersync.core.http.OAuth2TokenProvider} (client credentials, JWT bearer, refresh
 *       token; cached, refreshed once in flight, once more after a 401);
 *   <li>{@link io.github.usersync.core.http.Jwt} and {@link io.github.usersync.core.http.Pem}:
 *       signed client assertions with JDK crypto only;
 *   <li>{@link io.github.usersync.core.http.Paging}: lazy streams over every paging style the IdPs
 *       use;
 *   <li>{@link io.github.usersync.core.http.Urls}: encoding of every path segment and query value;
 *       {@code https://} only, except loopback.
 * </ul>
 */
@NullMarked
package io.github.usersync.core.http;

import org.jspecify.annotations.NullMarked;
