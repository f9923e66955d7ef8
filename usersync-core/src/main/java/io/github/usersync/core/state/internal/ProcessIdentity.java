package io.github.usersync.core.state.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This process's pid and host name, as lock holders report them. */
public final class ProcessIdentity {
  private static volatile String host = "";

  private ProcessIdentity() {}

  /** This process's id. */
  public static long pid() {
    return ProcessHandle.current().pid();
  }

  /** This machine's host name (from the environment where set, else the resolver), read once. */
  public static String hostName() {
    String h = host;
    if (h.isEmpty()) {
      h = lookUpHostName();
      host = h;
    }
    return h;
  }

  /** Whether {@code pid} on {@code hostName} is known to have ended (only this host's processes can be checked). */
  public static boolean isDeadProcess(String hostName, long pid) {
    return hostName.equals(hostName()) && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static String lookUpHostName() {
    for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
      String v = System.getenv(variable);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException | SecurityException e) {
      return "localhost";
    }
  }
}
