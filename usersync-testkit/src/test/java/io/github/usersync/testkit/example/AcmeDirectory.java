package io.github.usersync.testkit.example;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ConnectionChecks;
import io.github.usersync.core.http.PageReader;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.http.TokenProvider;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.spi.AbstractIdpDirectory;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/** The Acme API as an {@link IdpDirectory}: users, groups and members, paged by a body cursor. */
public final class AcmeDirectory extends AbstractIdpDirectory<AcmeSettings> {
  /** The provider id. */
  public static final String PROVIDER_ID = "acme";

  // No Acme object has this id; a probe with it answers 404 once the call is permitted.
  private static final String PROBE_ID = "usersync-probe";

  private final ApiClient api;

  private AcmeDirectory(AcmeSettings settings, ConnectorOptions options) {
    super(
        PROVIDER_ID,
        settings,
        Capability.GROUPS,
        Capability.GROUP_MEMBERS);
    this.api =
        options.apiClient(PROVIDER_ID, settings.baseUrl())
            .settings(settings)
            .tokenProvider(TokenProvider.fixed("Bearer", settings.apiToken()))
            .redact(settings.apiToken())
            .stats(stats())
            .build();
  }

  /** A directory on the host's infrastructure. */
  public static AcmeDirectory create(AcmeSettings settings, ConnectorOptions options) {
    return new AcmeDirectory(settings, options);
  }

  @Override
  public Stream<DirectoryUser> users(UserQuery query) {
    Stream<DirectoryUser> users =
        Paging.stream(api, AcmeRequests.listUsers(settings().pageSize()), pages("users", AcmeDirectory::user));
    return query.includeDeactivated() ? users : users.filter(DirectoryUser::active);
  }

  @Override
  public Optional<DirectoryUser> user(String id, UserQuery query) {
    return api.sendOptional(AcmeRequests.readUser(id)).map(r -> user(r.json()));
  }

  @Override
  public Stream<DirectoryGroup> groups() {
    return Paging.stream(api, AcmeRequests.listGroups(settings().pageSize()),
        pages("groups", g -> DirectoryGroup.of(g.path("id").asText(), g.path("name").asText())));
  }

  /** A group's members; an unknown group (404 on the first page) has none. */
  @Override
  public Stream<GroupMember> groupMembers(String groupId, Membership membership) {
    return Paging.streamOrEmpty(api, AcmeRequests.groupMembers(groupId, settings().pageSize()),
        pages("members", m -> GroupMember.user(m.path("id").asText())));
  }

  /** Lists users and groups, then probes single objects with the first listed (else a placeholder). */
  @Override
  public ConnectionReport checkConnection() {
    ConnectionChecks checks = ConnectionChecks.forProvider(PROVIDER_ID);
    ApiRequest users = AcmeRequests.listUsers(1);
    String userId = checks.listing(AcmeRequests.LIST_USERS, api.describe(users), () -> firstId(users, "users"), PROBE_ID);
    checks.call(api, AcmeRequests.readUser(userId));
    ApiRequest groups = AcmeRequests.listGroups(1);
    String groupId = checks.listing(AcmeRequests.LIST_GROUPS, api.describe(groups), () -> firstId(groups, "groups"), PROBE_ID);
    checks.call(api, AcmeRequests.groupMembers(groupId, 1));
    return checks.report();
  }

  private Optional<String> firstId(ApiRequest listing, String field) {
    JsonNode first = api.json(listing).path(field).path(0);
    return first.isObject() ? Optional.of(first.path("id").asText()) : Optional.empty();
  }

  private static <T> PageReader<T> pages(String field, Function<JsonNode, T> item) {
    return Paging.tokenInBody(field, "next", "cursor", item);
  }

  private static DirectoryUser user(JsonNode u) {
    return DirectoryUser.builder()
        .id(u.path("id").asText())
        .username(u.path("login").asText())
        .email(Optional.ofNullable(u.path("email").textValue()))
        .displayName(Optional.ofNullable(u.path("name").textValue()))
        .active(u.path("active").asBoolean(true))
        .raw(u)
        .build();
  }
}
