package io.github.usersync.scim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.ResourceNotFoundException;
import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.resources.ResourceNode;
import de.captaingoldfish.scim.sdk.common.resources.ServiceProvider;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.complex.BulkConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.ChangePasswordConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.ETagConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.FilterConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.Meta;
import de.captaingoldfish.scim.sdk.common.resources.complex.PatchConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.SortConfig;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.AuthenticationScheme;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.endpoints.authorize.Authorization;
import de.captaingoldfish.scim.sdk.server.endpoints.base.GroupEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.endpoints.base.UserEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import de.captaingoldfish.scim.sdk.server.schemas.custom.ResourceTypeFeatures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A SCIM 2.0 server no one here wrote — Pascal Knüppel's SCIM-SDK ({@code de.captaingoldfish:
 * scim-sdk-server}, from Maven Central) with in-memory handlers — served on 127.0.0.1 on a free
 * port by the JDK's HTTP server, checking a bearer token. PATCH, filters (the SDK's own filter
 * evaluation) and paging are the SDK's.
 */
final class GoldfishScimServer implements AutoCloseable {
  static final String TOKEN = "goldfish-token-42";

  private final HttpServer server;
  private final ResourceEndpoint endpoint;
  final AtomicInteger patches = new AtomicInteger();
  final AtomicInteger puts = new AtomicInteger();

  GoldfishScimServer(boolean patchSupported, int maxResults) throws IOException {
    ServiceProvider config = ServiceProvider.builder()
        .filterConfig(FilterConfig.builder().supported(true).maxResults(maxResults).build())
        .sortConfig(SortConfig.builder().supported(false).build())
        .changePasswordConfig(ChangePasswordConfig.builder().supported(false).build())
        .bulkConfig(BulkConfig.builder().supported(false).build())
        .patchConfig(PatchConfig.builder().supported(patchSupported).build())
        .eTagConfig(ETagConfig.builder().supported(false).build())
        .authenticationSchemes(java.util.Collections.singletonList(AuthenticationScheme.builder()
            .name("OAuth Bearer Token").description("a bearer token").type("oauthbearertoken")
            .specUri("http://www.rfc-editor.org/info/rfc6750").build()))
        .build();
    endpoint = new ResourceEndpoint(config);
    endpoint.registerEndpoint(new UserEndpointDefinition(new Users()))
        .setFeatures(ResourceTypeFeatures.builder().autoFiltering(true).autoSorting(true).build());
    endpoint.registerEndpoint(new GroupEndpointDefinition(new Groups()))
        .setFeatures(ResourceTypeFeatures.builder().autoFiltering(true).autoSorting(true).build());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
    server.createContext("/scim/v2", this::exchange);
    server.start();
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/scim/v2");
  }

  private void exchange(HttpExchange ex) throws IOException {
    try {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new HashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
      if (ex.getRequestMethod().equals("PATCH")) {
        patches.incrementAndGet();
      } else if (ex.getRequestMethod().equals("PUT")) {
        puts.incrementAndGet();
      }
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + ex.getRequestURI();
      ScimResponse r = endpoint.handleRequest(url, HttpMethod.valueOf(ex.getRequestMethod()), body.isEmpty() ? null : body,
          headers, new Context(new Bearer()));
      byte[] out = r.getHttpStatus() == 204 ? new byte[0] : r.toString().getBytes(StandardCharsets.UTF_8);
      r.getHttpHeaders().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      ex.sendResponseHeaders(r.getHttpStatus(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    } finally {
      ex.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static final class Bearer implements Authorization {
    @Override
    public Set<String> getClientRoles() {
      return Set.of();
    }

    @Override
    public boolean authenticate(Map<String, String> headers, Map<String, String> query) {
      for (Map.Entry<String, String> h : headers.entrySet()) {
        if (h.getKey().equalsIgnoreCase("Authorization")) {
          return h.getValue().equals("Bearer " + TOKEN);
        }
      }
      return false;
    }
  }

  /** Keeps resources in memory, in creation order, as the SDK's own samples do. */
  private abstract static class Memory<T extends ResourceNode> extends ResourceHandler<T> {
    private final Map<String, T> resources = new LinkedHashMap<>();

    @Override
    public synchronized T createResource(T resource, Context context) {
      String id = UUID.randomUUID().toString();
      resource.setId(id);
      Instant now = Instant.now();
      if (resource.getMeta().isPresent()) {
        resource.getMeta().get().setCreated(now);
        resource.getMeta().get().setLastModified(now);
      } else {
        resource.setMeta(Meta.builder().created(now).lastModified(now)
            .resourceType(resource instanceof User ? "User" : "Group").build());
      }
      resources.put(id, resource);
      return resource;
    }

    @Override
    public synchronized @Nullable T getResource(String id, List<SchemaAttribute> attributes,
        List<SchemaAttribute> excludedAttributes, Context context) {
      return resources.get(id);
    }

    @Override
    public synchronized PartialListResponse<T> listResources(long startIndex, int count, FilterNode filter,
        SchemaAttribute sortBy, SortOrder sortOrder, List<SchemaAttribute> attributes,
        List<SchemaAttribute> excludedAttributes, Context context) {
      List<T> all = new ArrayList<>(resources.values());
      return PartialListResponse.<T>builder().resources(all).totalResults(all.size()).build();
    }

    @Override
    public synchronized T updateResource(T resource, Context context) {
      String id = resource.getId().orElseThrow();
      T old = resources.get(id);
      if (old == null) {
        throw new ResourceNotFoundException("resource with id '" + id + "' does not exist", null, null);
      }
      resource.getMeta().ifPresent(m -> m.setLastModified(Instant.now()));
      resources.put(id, resource);
      return resource;
    }

    @Override
    public synchronized void deleteResource(String id, Context context) {
      if (resources.remove(id) == null) {
        throw new ResourceNotFoundException("resource with id '" + id + "' does not exist", null, null);
      }
    }
  }

  // The SDK reads the resource type from the handler's generic superclass, so each is a class of its own.
  private static final class Users extends Memory<User> {}

  private static final class Groups extends Memory<Group> {}
}
