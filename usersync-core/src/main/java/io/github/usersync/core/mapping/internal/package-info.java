/**
 * The attribute mapping engine behind {@link io.github.usersync.core.mapping.UserMapping}: the rule
 * parser, the compiled sources, paths and transforms, and the value model. Internal: not an API;
 * these types may change in any release.
 */
@NullMarked
package io.github.usersync.core.mapping.internal;

import org.jspecify.annotations.NullMarked;
