/** Implementation details of the SPI's default methods; not for use outside usersync-core. */
@NullMarked
package io.github.usersync.core.spi.internal;

import org.jspecify.annotations.NullMarked;
