/**
 * The OneLogin connector: {@link io.github.usersync.onelogin.OneLoginDirectory} reads users (API
 * v2), roles (API v2) and groups (API v1) from a OneLogin account, with roles offered as groups,
 * and stops a read before it would spend the account's shared hourly API budget below a minimum
 * ({@link io.github.usersync.onelogin.OneLoginBudgetException}). Configure it with {@link
 * io.github.usersync.onelogin.OneLoginSettings}; it registers as provider {@code onelogin}.
 */
@NullMarked
@UsersyncStyle
package io.github.usersync.onelogin;

import io.github.usersync.core.UsersyncStyle;
import org.jspecify.annotations.NullMarked;
