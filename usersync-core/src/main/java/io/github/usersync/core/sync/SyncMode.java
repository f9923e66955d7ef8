package io.github.usersync.core.sync;

/** How a run read the IdP. */
public enum SyncMode {
  /** Everything was read. */
  FULL,
  /** Only changes since the stored cursor were read. */
  INCREMENTAL,
  /** One user was refreshed from the IdP. */
  SINGLE_USER,
  /** One user was provisioned from login claims. */
  JIT,
  /** One user an IdP pushed (SCIM) was applied or removed. */
  PUSH,
  /** Changes a threshold held back in an earlier run were approved and applied. */
  APPROVAL
}
