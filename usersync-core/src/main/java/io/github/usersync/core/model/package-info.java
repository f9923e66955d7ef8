/**
 * Immutable values that flow between IdP directories, the sync engine and hosts: the directory's
 * users, groups, members and photos; the host's users and groups; change sets and connection
 * reports.
 */
@NullMarked
@UsersyncStyle
package io.github.usersync.core.model;

import io.github.usersync.core.UsersyncStyle;
import org.jspecify.annotations.NullMarked;
