package io.github.usersync.core.sync;

import io.github.usersync.core.model.ChangeCursor;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/** What a host stores between runs so scheduled runs can be incremental. */
@Value.Immutable
public interface SyncState {
  /** Where the next incremental read resumes. */
  Optional<ChangeCursor> cursor();

  /** When the last complete full run finished. */
  Optional<Instant> lastFullSync();

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SyncState}. */
  final class Builder extends ImmutableSyncState.Builder {}
}
