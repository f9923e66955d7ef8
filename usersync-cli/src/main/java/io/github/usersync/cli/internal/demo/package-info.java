/**
 * The embedded demo: a sample tenant served on loopback in Microsoft Graph's wire format, synced
 * through the real Entra ID connector into a JSON-file host.
 */
@NullMarked
package io.github.usersync.cli.internal.demo;

import org.jspecify.annotations.NullMarked;
