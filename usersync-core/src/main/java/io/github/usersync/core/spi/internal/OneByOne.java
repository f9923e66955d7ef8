package io.github.usersync.core.spi.internal;

import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.UsersyncException;
import java.util.Map;

/** Batch operations of the target SPI made one call at a time: each failure kept apart. */
public final class OneByOne {
  private OneByOne() {}

  /** Runs {@code call}; a failure is put in {@code failed} under {@code key}, named {@code operation}. */
  public static void attempt(
      String operation, String key, Runnable call, Map<String, ProvisioningException> failed) {
    try {
      call.run();
    } catch (ProvisioningException e) {
      failed.put(key, e);
    } catch (UsersyncException e) {
      failed.put(key, new ProvisioningException(operation, key, String.valueOf(e.getMessage()), e));
    } catch (RuntimeException e) {
      // One change failing for a reason nobody foresaw fails alone, as a single call would.
      failed.put(key, new ProvisioningException(operation, key, "unexpected failure: " + e, e));
    }
  }
}
