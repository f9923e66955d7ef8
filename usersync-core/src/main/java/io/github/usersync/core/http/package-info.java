/**
 * The connector HTTP toolkit, over the JDK {@link java.net.http.HttpClient}: every connector uses it,
 * so none writes its own retry loop, token cache or paging loop. Extension API: for connector
 * authors, not needed by an application that only embeds usersync.
 *
 * <ul>
 *   <li>{@link io.github.usersync.core.http.ApiClient}: sends {@link
 *       io.github.usersync.core.http.ApiRequest}s with auth, retries (exponential backoff with
 *       jitter; {@code Retry-After} and provider rate-limit headers), a bound on requests in flight,
 *       counting, and errors mapped to the {@link io.github.usersync.core.UsersyncException}
 *       hierarchy;
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
