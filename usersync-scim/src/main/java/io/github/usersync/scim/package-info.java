/**
 * SCIM 2.0 (RFC 7643, RFC 7644) both ways: {@link io.github.usersync.scim.ScimServiceProvider}
 * lets an IdP's provisioning service (Microsoft Entra, Okta) push users and groups into any
 * {@link io.github.usersync.core.spi.ProvisioningTarget} through the sync engine, and {@link
 * io.github.usersync.scim.ScimTarget} provisions any SCIM service from any usersync source.
 */
@NullMarked
package io.github.usersync.scim;

import org.jspecify.annotations.NullMarked;
