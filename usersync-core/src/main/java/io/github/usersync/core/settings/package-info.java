/**
 * Connector settings: documented keys ({@link io.github.usersync.core.settings.SettingKey}), a map
 * of values with {@code ${env:NAME}} references resolved ({@link
 * io.github.usersync.core.settings.Settings}), and {@link io.github.usersync.core.settings.Secret}
 * for values that must never be printed.
 */
@NullMarked
package io.github.usersync.core.settings;

import org.jspecify.annotations.NullMarked;
