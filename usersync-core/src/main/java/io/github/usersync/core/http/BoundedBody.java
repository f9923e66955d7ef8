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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Sends a request and reads the whole answer, headers and body, within one deadline and up to a
 * byte limit. The JDK's request timeout bounds only the wait for the headers: a server that sends
 * its body one byte a second, or a body of gigabytes, would otherwise hold the calling thread
 * (and its memory) as long as it likes.
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

  private final long maxBytes;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private byte[] buffer = new byte[8192];
  private int size;
  private volatile boolean abandoned;
  private volatile Flow.@Nullable Subscription subscription;

  private BoundedBody(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Sends {@code request} through {@code http} and returns the answer once its body is complete,
   * or fails: {@link HttpTimeoutException} when headers and body took longer than {@code
   * deadline}, {@link TooLargeException} when the body passed {@code maxBytes}.
   */
  static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, Duration deadline, long maxBytes)
      throws IOException, InterruptedException {
    BoundedBody[] body = new BoundedBody[1];
    CompletableFuture<HttpResponse<byte[]>> f =
        http.sendAsync(request, info -> body[0] = new BoundedBody(maxBytes));
    try {
      return f.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      abandon(f, body[0]);
      throw new HttpTimeoutException(
          "no complete answer within " + deadline.toMillis() + " ms (headers and body)");
    } catch (InterruptedException e) {
      abandon(f, body[0]);
      throw e;
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException) {
        throw (IOException) c;
      }
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      throw new IOException(c == null ? e : c);
    }
  }

  private static void abandon(CompletableFuture<?> f, @Nullable BoundedBody body) {
    if (body != null) {
      body.abandoned = true;
    }
    // JDK 16 and later abort the exchange; older ones stop at the body's next chunk.
    f.cancel(true);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (abandoned) {
      s.cancel();
      result.completeExceptionally(new HttpTimeoutException("abandoned"));
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    Flow.Subscription s = subscription;
    if (abandoned) {
      if (s != null) {
        s.cancel();
      }
      result.completeExceptionally(new HttpTimeoutException("abandoned"));
      return;
    }
    for (ByteBuffer b : items) {
      int n = b.remaining();
      if (size + (long) n > maxBytes) {
        if (s != null) {
          s.cancel();
        }
        result.completeExceptionally(new TooLargeException(maxBytes));
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
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(Arrays.copyOf(buffer, size));
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }
}
