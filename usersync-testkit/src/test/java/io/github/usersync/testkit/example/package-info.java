/**
 * The example connector of docs/connectors.md, compiled and run against its contract here; {@code
 * ConnectorsDocTest} keeps the page and these files identical.
 */
@NullMarked
@UsersyncStyle
package io.github.usersync.testkit.example;

import io.github.usersync.core.UsersyncStyle;
import org.jspecify.annotations.NullMarked;
