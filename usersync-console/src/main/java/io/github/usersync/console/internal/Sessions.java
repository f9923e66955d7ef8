package io.github.usersync.console.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Browser sessions: a random id in an {@code HttpOnly; SameSite=Strict} cookie, a per-session CSRF
 * token every form carries, whether the session gave the access token, and a one-time notice for
 * the next page. The most recently used 1,000 are kept.
 */
public final class Sessions {
  /** The cookie's name. */
  public static final String COOKIE = "usersync_session";
  private static final int MAX = 1000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One browser session. */
  public static final class Session {
    private final String id;
    private final String csrf;
    private final boolean authenticated;
    private @Nullable String notice;

    Session(String id, String csrf, boolean authenticated) {
      this.id = id;
      this.csrf = csrf;
      this.authenticated = authenticated;
    }

    /** The cookie value. */
    public String id() {
      return id;
    }

    /** The token the session's forms carry. */
    public String csrf() {
      return csrf;
    }

    /** Whether the session gave the console's access token. */
    public boolean authenticated() {
      return authenticated;
    }

    /** Sets the notice the next page shows. */
    public synchronized void notice(String text) {
      notice = text;
    }

    /** Takes the notice for this page, once. */
    public synchronized Optional<String> takeNotice() {
      String n = notice;
      notice = null;
      return Optional.ofNullable(n);
    }
  }

  private final Map<String, Session> sessions = new LinkedHashMap<String, Session>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
      return size() > MAX;
    }
  };

  /** The session with this cookie value. */
  public synchronized Optional<Session> find(@Nullable String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(sessions.get(id));
  }

  /** A new session; {@code authenticated} after the access token was given. */
  public synchronized Session create(boolean authenticated) {
    Session s = new Session(random(), random(), authenticated);
    sessions.put(s.id(), s);
    return s;
  }

  /** Ends a session (after login, the anonymous one is replaced). */
  public synchronized void remove(String id) {
    sessions.remove(id);
  }

  /** 32 random bytes, URL-safe Base64. */
  static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
