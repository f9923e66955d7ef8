/** Stateful simulations of the Atlassian products for tests: in-memory bridges and REST servers. */
@NullMarked
package io.github.usersync.atlassian.sim;

import org.jspecify.annotations.NullMarked;
