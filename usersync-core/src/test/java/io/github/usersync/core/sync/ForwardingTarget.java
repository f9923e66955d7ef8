package io.github.usersync.core.sync;

import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.HostGroup;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.model.TargetCapabilities;
import io.github.usersync.core.spi.ProvisioningTarget;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Delegates to an in-memory target; tests override what they need (flush, capabilities). */
class ForwardingTarget implements ProvisioningTarget {
  final InMemoryTarget d;

  ForwardingTarget(InMemoryTarget d) {
    this.d = d;
  }

  @Override public String name() { return "forwarding"; }
  @Override public TargetCapabilities capabilities() { return d.capabilities(); }
  @Override public Stream<HostUser> users() { return d.users(); }
  @Override public Stream<HostGroup> groups() { return d.groups(); }
  @Override public Stream<String> groupMembers(String g) { return d.groupMembers(g); }
  @Override public Optional<HostUser> user(String key) { return d.user(key); }
  @Override public Optional<HostUser> userByExternalId(String id) { return d.userByExternalId(id); }
  @Override public Optional<HostUser> userByUsername(String u) { return d.userByUsername(u); }
  @Override public Set<String> groupsOfUser(String key) { return d.groupsOfUser(key); }
  @Override public HostUser createUser(NewHostUser u) { return d.createUser(u); }
  @Override public HostUser updateUser(String k, HostUserUpdate u) { return d.updateUser(k, u); }
  @Override public void deactivateUser(String k) { d.deactivateUser(k); }
  @Override public void reactivateUser(String k) { d.reactivateUser(k); }
  @Override public void deleteUser(String k) { d.deleteUser(k); }
  @Override public void createGroup(String n) { d.createGroup(n); }
  @Override public void renameGroup(String a, String b) { d.renameGroup(a, b); }
  @Override public void deleteGroup(String n) { d.deleteGroup(n); }
  @Override public void addMembership(String k, String g) { d.addMembership(k, g); }
  @Override public void removeMembership(String k, String g) { d.removeMembership(k, g); }
  @Override public void setManager(String k, Optional<String> m) { d.setManager(k, m); }
  @Override public void setPhoto(String k, Photo p) { d.setPhoto(k, p); }
  @Override public void removePhoto(String k) { d.removePhoto(k); }
}
