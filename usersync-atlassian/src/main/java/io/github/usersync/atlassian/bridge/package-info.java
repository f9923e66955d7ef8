/**
 * The host bridge a Jira or Confluence app implements so usersync can provision the product
 * in-process, with no HTTP. Plain Java with no Atlassian dependency: each method maps to one or two
 * calls of the product's own Java API (the module README lists them, per product version).
 * Extension API: for the authors of a Jira or Confluence app.
 */
@NullMarked
package io.github.usersync.atlassian.bridge;

import org.jspecify.annotations.NullMarked;
