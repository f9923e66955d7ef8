package io.github.usersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.EndpointCheck;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

/**
 * The contract every {@link IdpDirectory} passes. Extend it in the connector's tests, serve the
 * fixture (WireMock, a real server, memory) and implement {@link #createDirectory()} and {@link
 * #expected()}.
 *
 * <p>Checks: the user listing is complete across pages with no duplicates; a single-user read
 * equals the listed user; an unknown id reads as empty; group members agree with each user's
 * groups; the connection check reports every endpoint and passes; unsupported operations fail with
 * a {@link DirectoryException} rather than anything else.
 */
public abstract class IdpDirectoryContract {
  private @Nullable IdpDirectory directory;

  /** A directory over the fixture. Called at most once per test. */
  protected abstract IdpDirectory createDirectory();

  /** What the fixture holds. */
  protected abstract ExpectedDirectory expected();

  /** The query the listing uses (default {@link UserQuery#standard()}). */
  protected UserQuery query() {
    return UserQuery.standard();
  }

  /** The directory under test, created on first use and closed after the test. */
  protected final IdpDirectory directory() {
    IdpDirectory d = directory;
    if (d == null) {
      d = createDirectory();
      directory = d;
    }
    return d;
  }

  @AfterEach
  void closeDirectory() {
    IdpDirectory d = directory;
    if (d != null) {
      d.close();
      directory = null;
    }
  }

  @Test
  void listingIsCompleteAcrossPagesWithNoDuplicates() {
    List<String> ids = directory().users(query()).map(DirectoryUser::id).collect(Collectors.toList());

    assertThat(ids).as("users listed").doesNotHaveDuplicates();
    assertThat(new TreeSet<>(ids)).as("users listed").isEqualTo(new TreeSet<>(expected().userIds()));
  }

  @Test
  void everyListedUserHasTheStandardFields() {
    directory().users(query()).forEach(u -> {
      assertThat(u.id()).as("id").isNotBlank();
      assertThat(u.username()).as("username of %s", u.id()).isNotBlank();
      assertThat(u.raw().isObject()).as("raw JSON of %s is an object", u.id()).isTrue();
    });
  }

  @Test
  void aSingleUserReadEqualsTheListedUser() {
    Map<String, DirectoryUser> listed = new LinkedHashMap<>();
    directory().users(query()).forEach(u -> listed.put(u.id(), u));
    List<String> sample = expected().sampleUserIds().isEmpty()
        ? listed.keySet().stream().limit(5).collect(Collectors.toList())
        : expected().sampleUserIds();
    assertThat(sample).as("sample users").isNotEmpty();
    for (String id : sample) {
      assertThat(directory().user(id, query()))
          .as("user %s read alone", id)
          .contains(listed.get(id));
    }
  }

  @Test
  void anUnknownUserReadsAsEmpty() {
    expected().missingUserId().ifPresent(id ->
        assertThat(directory().user(id, query())).as("user %s", id).isEmpty());
  }

  @Test
  void groupListingIsCompleteWithNoDuplicates() {
    if (!directory().capabilities().supports(Capability.GROUPS) || expected().groupIds().isEmpty()) {
      return;
    }
    List<String> ids = directory().groups().map(DirectoryGroup::id).collect(Collectors.toList());
    assertThat(ids).as("groups listed").doesNotHaveDuplicates();
    assertThat(new TreeSet<>(ids)).isEqualTo(new TreeSet<>(expected().groupIds()));
  }

  @Test
  void groupMembersAgreeWithTheFixtureAndWithEachUsersGroups() {
    if (!directory().capabilities().supports(Capability.GROUP_MEMBERS)) {
      return;
    }
    Map<String, Set<String>> expectedMembers = expected().directUserMembers();
    Map<String, Set<String>> groupsByUser = new LinkedHashMap<>();
    for (Map.Entry<String, Set<String>> e : expectedMembers.entrySet()) {
      Set<String> users = directory().groupMembers(e.getKey(), Membership.DIRECT)
          .filter(m -> m.type() == GroupMember.Type.USER)
          .map(GroupMember::id)
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(users).as("direct user members of group %s", e.getKey()).isEqualTo(new TreeSet<>(e.getValue()));
      users.forEach(u -> groupsByUser.computeIfAbsent(u, k -> new TreeSet<>()).add(e.getKey()));
    }
    if (!directory().capabilities().supports(Capability.USER_GROUPS)) {
      return;
    }
    for (Map.Entry<String, Set<String>> e : groupsByUser.entrySet()) {
      Set<String> groups = directory().groupsOfUser(e.getKey(), Membership.DIRECT)
          .map(DirectoryGroup::id)
          .filter(expectedMembers::containsKey)
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(groups).as("groups of user %s (among the fixture's groups)", e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void theConnectionCheckReportsEveryEndpoint() {
    ConnectionReport report = directory().checkConnection();

    assertThat(report.provider()).isEqualTo(directory().providerId());
    Set<String> names = report.checks().stream().map(EndpointCheck::name).collect(Collectors.toSet());
    assertThat(names).as("endpoints checked").containsAll(expected().endpointNames());
    for (EndpointCheck c : report.checks()) {
      assertThat(c.endpoint()).as("endpoint of check %s", c.name()).isNotBlank();
    }
    assertThat(report.ok()).as("connection check passes:%n%s", report.toText()).isTrue();
  }

  @Test
  void unsupportedOperationsFailWithADirectoryException() {
    IdpDirectory d = directory();
    String someUser = expected().userIds().iterator().next();
    List<Function<IdpDirectory, Object>> calls = new ArrayList<>();
    Set<Capability> supported = new HashSet<>(d.capabilities().supported());
    if (!supported.contains(Capability.MANAGER)) {
      calls.add(x -> x.managerId(someUser));
    }
    if (!supported.contains(Capability.PHOTO)) {
      calls.add(x -> x.photo(someUser));
    }
    if (!supported.contains(Capability.CHANGES)) {
      calls.add(x -> x.startChangeTracking(query()));
    }
    for (Function<IdpDirectory, Object> call : calls) {
      assertThatThrownBy(() -> call.apply(d)).isInstanceOf(DirectoryException.class);
    }
  }
}
