/**
 * The Keycloak connector: reads a realm's users, groups (nested through subgroups) and memberships
 * through the Admin REST API. Open it by provider id {@code keycloak} with {@link
 * io.github.usersync.core.IdpDirectories}, or directly with {@link
 * io.github.usersync.keycloak.KeycloakDirectory#create(KeycloakSettings)}.
 */
@NullMarked
@UsersyncStyle
package io.github.usersync.keycloak;

import io.github.usersync.core.UsersyncStyle;
import org.jspecify.annotations.NullMarked;
