package io.github.usersync.scim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The schema URNs usersync serves and reads, and its discovery documents (RFC 7643 §5–7). */
public final class Schemas {
  /** The core User schema. */
  public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
  /** The core Group schema. */
  public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
  /** The enterprise User extension (RFC 7643 §4.3). */
  public static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  /** The enterprise extension's attributes, which Microsoft Entra may also send without the URN. */
  public static final List<String> ENTERPRISE_ATTRIBUTES =
      Arrays.asList("employeeNumber", "costCenter", "organization", "division", "department", "manager");

  private static final List<String> KNOWN = Arrays.asList(ENTERPRISE, USER, GROUP);

  private Schemas() {}

  /** The known schema URN {@code path} starts with (followed by ':' or the end), if any. */
  static @Nullable String knownUrnPrefix(String path) {
    for (String k : KNOWN) {
      if (path.length() >= k.length() && path.regionMatches(true, 0, k, 0, k.length())
          && (path.length() == k.length() || path.charAt(k.length()) == ':')) {
        return k;
      }
    }
    return null;
  }

  /** Whether a URN is a core schema, whose attributes are at the top level. */
  static boolean isCore(String urn) {
    return urn.equalsIgnoreCase(USER) || urn.equalsIgnoreCase(GROUP);
  }

  /** Whether values of the attribute at {@code path} compare case-sensitively (RFC 7643 §3.1, §4.1). */
  static boolean caseExact(AttrPath path) {
    if (path.urn != null || path.steps.isEmpty()) {
      return false;
    }
    String head = path.steps.get(0).name.toLowerCase(Locale.ROOT);
    return head.equals("id") || head.equals("externalid")
        || (path.steps.size() > 1 && head.equals("members") || head.equals("manager"));
  }

  /** The discovery document {@code name} ({@code ServiceProviderConfig}, {@code ResourceTypes}, {@code Schemas}). */
  public static JsonNode document(String name) {
    try (InputStream in = Schemas.class.getResourceAsStream(name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + ".json");
      }
      return ScimJson.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The discovery documents with {@code meta.location} set below {@code base}. */
  public static JsonNode located(String name, String base) {
    JsonNode doc = document(name).deepCopy();
    if (doc.isObject() && doc.has("Resources")) {
      for (JsonNode r : doc.get("Resources")) {
        locate((ObjectNode) r, base + "/" + name + "/" + r.path("id").asText());
      }
    } else if (doc.isObject()) {
      locate((ObjectNode) doc, base + "/" + name);
    }
    return doc;
  }

  private static void locate(ObjectNode r, String location) {
    JsonNode meta = r.get("meta");
    if (meta instanceof ObjectNode) {
      ((ObjectNode) meta).put("location", location);
    }
  }
}
