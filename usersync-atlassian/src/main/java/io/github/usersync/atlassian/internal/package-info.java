/** Implementation detail of the Atlassian targets: host directories, REST clients, wire formats. */
@NullMarked
@UsersyncStyle
package io.github.usersync.atlassian.internal;

import io.github.usersync.core.UsersyncStyle;
import org.jspecify.annotations.NullMarked;
