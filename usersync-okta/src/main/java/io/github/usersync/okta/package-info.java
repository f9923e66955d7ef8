/**
 * The Okta connector: an {@link io.github.usersync.core.spi.IdpDirectory} over Okta's Management
 * API ({@code /api/v1/users}, {@code /api/v1/groups}), signed in with an API token ({@code SSWS})
 * or an OAuth 2.0 service app ({@code private_key_jwt}), registered for {@link
 * java.util.ServiceLoader} as provider {@code okta}.
 */
@NullMarked
@UsersyncStyle
package io.github.usersync.okta;

import io.github.usersync.core.UsersyncStyle;
import org.jspecify.annotations.NullMarked;
