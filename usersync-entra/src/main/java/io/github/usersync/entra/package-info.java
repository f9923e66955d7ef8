/**
 * The Microsoft Entra ID connector: reads users, groups, memberships, managers, profile photos and
 * delta changes through Microsoft Graph with an application's client credentials. Open it with
 * {@link io.github.usersync.entra.EntraDirectory#create(EntraSettings)} or through discovery as
 * provider {@code entra}.
 */
@NullMarked
@UsersyncStyle
package io.github.usersync.entra;

import io.github.usersync.core.UsersyncStyle;
import org.jspecify.annotations.NullMarked;
