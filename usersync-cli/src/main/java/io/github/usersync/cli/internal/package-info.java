/** What the CLI's commands are built from: the SCIM service {@code usersync serve} runs. */
@NullMarked
package io.github.usersync.cli.internal;

import org.jspecify.annotations.NullMarked;
