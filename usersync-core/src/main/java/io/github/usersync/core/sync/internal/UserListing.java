package io.github.usersync.core.sync.internal;

import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.model.DirectoryUser;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The IdP's user listing of a full run. Read ahead ({@link #ahead}), the listing pages on the run's
 * executor from the start of the run, while the host, the groups and their members are read, into a
 * buffer of at most {@link #AHEAD} users; the plan takes users from the buffer ({@link #next}) and
 * the listing goes on as it empties. A full buffer never blocks a thread: the read-ahead task ends and
 * is started again once the plan has taken half of it, so the listing can share a small executor with
 * the member reads without waiting on them. Read in place ({@link #inPlace}), the plan pages through
 * the listing itself, as users are taken (one request in flight at a time). Internal.
 */
final class UserListing implements AutoCloseable {
  /**
   * The most users read ahead of the plan. At 1–3 KB a parsed user, some 10–30 MB; enough for the
   * listing to run through the group and member reads of most runs without waiting.
   */
  static final int AHEAD = 10_000;

  private final Supplier<Stream<DirectoryUser>> open;
  private final @Nullable Executor executor;
  private final int capacity;
  private final ArrayDeque<DirectoryUser> buffer = new ArrayDeque<>();
  // Touched only by whoever pages: the read-ahead task while `reading`, else the plan's thread.
  private @Nullable Stream<DirectoryUser> stream;
  private @Nullable Iterator<DirectoryUser> users;
  // Guarded by this.
  private boolean reading;
  private boolean ended;
  private boolean closed;
  private @Nullable Throwable failure;
  private @Nullable Consumer<DirectoryUser> observer;

  private UserListing(Supplier<Stream<DirectoryUser>> open, @Nullable Executor executor, int capacity) {
    this.open = open;
    this.executor = executor;
    this.capacity = Math.max(2, capacity);
  }

  /** A listing read ahead on {@code executor} from now on, at most {@code capacity} users ahead of the plan. */
  static UserListing ahead(Supplier<Stream<DirectoryUser>> open, Executor executor, int capacity) {
    UserListing l = new UserListing(open, executor, capacity);
    synchronized (l) {
      l.resume();
    }
    return l;
  }

  /** A listing the plan pages through itself, as it takes users. */
  static UserListing inPlace(Supplier<Stream<DirectoryUser>> open) {
    return new UserListing(open, null, 1);
  }

  /**
   * Hands each user read ahead from now on to {@code observer}, on the reading thread, before the
   * plan takes it: reads the plan will need for that user can start while the plan still waits
   * (for the groups). An observer that throws is dropped; the listing goes on.
   */
  synchronized void observe(Consumer<DirectoryUser> observer) {
    this.observer = observer;
  }

  /** Whether the listing is still being read on the executor (other reads then leave it a slot). */
  synchronized boolean readingAhead() {
    return executor != null && !ended && !closed && failure == null;
  }

  /**
   * The next user, or null when the listing has ended. A failure of the listing is thrown once every
   * user read before it was taken.
   *
   * @throws UsersyncException when the listing failed, or the wait for it was interrupted
   */
  synchronized @Nullable DirectoryUser next() {
    if (executor == null) {
      return take();
    }
    while (true) {
      DirectoryUser u = buffer.poll();
      if (u != null) {
        if (!reading && !ended && failure == null && buffer.size() <= capacity / 2) {
          resume();
        }
        return u;
      }
      if (failure != null) {
        throw rethrow(failure);
      }
      if (ended || closed) {
        return null;
      }
      if (!reading) {
        resume();
        continue;
      }
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new UsersyncException("interrupted while listing the IdP's users", e);
      }
    }
  }

  /** Stops the listing: read ahead, it stops after the user it is reading; the stream is closed. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      buffer.clear();
      if (reading) {
        return; // the read-ahead task closes the stream
      }
    }
    closeStream();
  }

  // Reads ahead on the executor (or, when it refuses the task, here) until the buffer is full.
  private void resume() {
    reading = true;
    try {
      java.util.Objects.requireNonNull(executor).execute(this::readAhead);
    } catch (RejectedExecutionException e) {
      readAhead();
    }
  }

  private void readAhead() {
    try {
      while (true) {
        synchronized (this) {
          if (buffer.size() >= capacity && !closed) {
            reading = false;
            return;
          }
          if (closed) {
            break;
          }
        }
        DirectoryUser u = take();
        Consumer<DirectoryUser> watching;
        synchronized (this) {
          watching = observer;
        }
        if (u != null && watching != null) {
          try {
            watching.accept(u);
          } catch (RuntimeException e) {
            synchronized (this) {
              observer = null;
            }
          }
        }
        synchronized (this) {
          if (u == null) {
            ended = true;
            reading = false;
            notifyAll();
            return;
          }
          buffer.add(u);
          if (buffer.size() == 1) {
            notifyAll();
          }
        }
      }
    } catch (RuntimeException | Error e) {
      closeStream();
      synchronized (this) {
        failure = e;
        reading = false;
        notifyAll();
      }
      return;
    }
    // closed while reading ahead
    closeStream();
    synchronized (this) {
      reading = false;
      notifyAll();
    }
  }

  // The next user from the stream (opened on first use), or null at its end (then closed).
  private @Nullable DirectoryUser take() {
    Iterator<DirectoryUser> it = users;
    if (it == null) {
      Stream<DirectoryUser> s = open.get();
      stream = s;
      it = s.iterator();
      users = it;
    }
    if (it.hasNext()) {
      return it.next();
    }
    closeStream();
    return null;
  }

  private void closeStream() {
    Stream<DirectoryUser> s = stream;
    stream = null;
    if (s != null) {
      try {
        s.close();
      } catch (RuntimeException e) {
        // closing releases a connection at most; the listing is over either way
      }
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof Error) {
      throw (Error) t;
    }
    return (RuntimeException) t;
  }
}
