package io.github.usersync.core.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Reads an answer's body within the request's deadline and up to a byte limit. The JDK's request
 * timeout bounds only the wait for the headers: a server that sends its body one byte a second,
 * or gigabytes of it, would otherwise hold the calling thread (and its memory) as long as it
 * likes. The request is sent with the client's synchronous {@code send}, so a host's own {@link
 * HttpClient} works as before.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  /** The answer was larger than allowed; not worth retrying. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    final long limit;

    TooLargeException(long limit) {
      super("the answer is larger than " + limit + " bytes");
      this.limit = limit;
    }
  }

  // One daemon thread ends the bodies that outlive their deadline; a finished body removes its
  // timer at once, so nothing is held for the rest of the deadline.
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final long maxBytes;
  private final Duration deadline;
  private final Duration total;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private byte[] buffer = new byte[8192];
  private int size;
  private volatile Flow.@Nullable Subscription subscription;
  private volatile @Nullable ScheduledFuture<?> timeout;

  private BoundedBody(long maxBytes, Duration deadline, Duration total) {
    this.maxBytes = maxBytes;
    this.deadline = deadline;
    this.total = total;
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "usersync-http-deadline");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /**
   * Sends {@code request} and returns the answer once its body is complete, or fails: {@link
   * HttpTimeoutException} when headers and body took longer than {@code deadline}, an {@link
   * IOException} caused by {@link TooLargeException} when the body passed {@code maxBytes}.
   */
  static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, Duration deadline, long maxBytes)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    return http.send(request, info -> {
      // The JDK's timeout covered the headers; the body gets what is left of the deadline.
      Duration left = deadline.minusNanos(System.nanoTime() - start);
      return new BoundedBody(maxBytes, left.isNegative() ? Duration.ZERO : left, deadline);
    });
  }

  /** The {@link TooLargeException} in {@code e}'s causes, if any (the JDK re-wraps it). */
  static @Nullable TooLargeException tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TooLargeException) {
        return (TooLargeException) t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    timeout = TIMER.schedule(
        () -> fail(new HttpTimeoutException(
            "no complete answer within " + total.toMillis() + " ms (headers and body)")),
        deadline.toMillis(), TimeUnit.MILLISECONDS);
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      int n = b.remaining();
      if (size + (long) n > maxBytes) {
        fail(new TooLargeException(maxBytes));
        return;
      }
      if (size + n > buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes, Math.max(size + (long) n, buffer.length * 2L)));
      }
      b.get(buffer, size, n);
      size += n;
    }
  }

  @Override
  public void onError(Throwable t) {
    stopTimer();
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    stopTimer();
    result.complete(Arrays.copyOf(buffer, size));
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  /** Ends the body: drops the connection (once) and fails the answer with {@code e}. */
  private void fail(IOException e) {
    stopTimer();
    if (cancelled.compareAndSet(false, true)) {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }
    result.completeExceptionally(e);
  }

  private void stopTimer() {
    ScheduledFuture<?> t = timeout;
    if (t != null) {
      t.cancel(false);
    }
  }
}
