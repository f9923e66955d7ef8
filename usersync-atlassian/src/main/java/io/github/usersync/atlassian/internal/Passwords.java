package io.github.usersync.atlassian.internal;

import java.security.SecureRandom;

/**
 * Random passwords for accounts created by usersync: the products require one, users sign in
 * through the IdP, and the value is never stored, logged or returned.
 */
public final class Passwords {
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+-_=";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {}

  /** A random 32-character password with upper, lower, digit and symbol characters. */
  public static String random() {
    StringBuilder b = new StringBuilder(32);
    b.append(pick("ABCDEFGHJKLMNPQRSTUVWXYZ")).append(pick("abcdefghijkmnopqrstuvwxyz"))
        .append(pick("23456789")).append(pick("!#%+-_="));
    while (b.length() < 32) {
      b.append(pick(ALPHABET));
    }
    return b.toString();
  }

  private static char pick(String from) {
    return from.charAt(RANDOM.nextInt(from.length()));
  }
}
