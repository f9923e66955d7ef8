/**
 * Attribute mapping: from a directory user (and their groups, manager, photo) to the host user
 * usersync wants. {@link io.github.usersync.core.mapping.UserMapper} is what the sync engine calls;
 * {@link io.github.usersync.core.mapping.UserMapping} is the compiled rule language (text syntax for
 * config files, and a typed builder) that implements it.
 */
@NullMarked
@UsersyncStyle
package io.github.usersync.core.mapping;

import io.github.usersync.core.UsersyncStyle;
import org.jspecify.annotations.NullMarked;
