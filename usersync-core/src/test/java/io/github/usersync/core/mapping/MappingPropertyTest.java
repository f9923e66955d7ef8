package io.github.usersync.core.mapping;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.MappingException;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomised inputs (seeded, so a failure can be replayed): random IdP JSON with nulls, arrays,
 * objects, unicode and very long strings, random groups and managers, and random rule texts. The
 * only acceptable results are an outcome or a {@link MappingException}.
 */
class MappingPropertyTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] KEYS = {
    "mail", "userPrincipalName", "profile", "login", "attributes", "phone", "emails", "value",
    "type", "primary", "customSchemas", "HR", "costCenter", "x.y", "department", "accountEnabled",
    "status", "manager", "ü", ""
  };
  private static final String[] TOKENS = {
    "mail", "profile.login", "attributes.phone[0]", "emails[*].value", "emails[type='work'].value",
    "attributes[\"x.y\"]", "customSchemas.HR.costCenter", "[0]", "[-1]", "[*]", ".", "x", "'c'",
    "'it''s'", "\"q\"", "'", "\"", "|", " | ", "??", " ?? ", "(", ")", "[", "]", "{", "}", ",", "$",
    "$username", "$email", "$groups", "$roles", "$manager.email", "$manager.raw.profile.login",
    "$photo", "$active", "firstOf(", "template('{", "template(\"{mail} {$username}\")", "lower",
    "upper", "trim", "stripDomain", "replace('(\\w)(\\w*)', '$2$1')", "replace('(', '')",
    "replace('.*', '')", "guestUpnToEmail", "ascii", "lookup(t)", "lookup(nope)", "default('d')",
    "first", "join", "join(', ')", "all", "split(',')", "oneOf('true', 'ACTIVE')", "not",
    "truncate(3)", "whenEmpty(keep)", "whenEmpty(skip)", "whenEmpty(fail)", "whenEmpty(default('z'))",
    "whenEmpty(clear)", " ", "0", "-", "é", "😀", "\t"
  };

  private static final String SPECIAL_CHARS = "@_#EXT#.,'\"{}[]$\\ ";

  private static String randomString(Random r) {
    // Now and then a very long value (up to 100,000 characters), mostly short ones.
    int length = r.nextInt(200) == 0 ? 20_000 + r.nextInt(80_000) : r.nextInt(12);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      switch (r.nextInt(8)) {
        case 0:
          b.append((char) r.nextInt(0x20)); // control characters
          break;
        case 1:
          b.append((char) (0xD800 + r.nextInt(0x800))); // lone surrogates
          break;
        case 2:
          b.appendCodePoint(0x1F600 + r.nextInt(80)); // emoji
          break;
        case 3:
          b.append(SPECIAL_CHARS.charAt(r.nextInt(SPECIAL_CHARS.length())));
          break;
        case 4:
          b.append((char) (0xC0 + r.nextInt(0x180))); // accented Latin
          break;
        default:
          b.append((char) ('a' + r.nextInt(26)));
      }
    }
    return b.toString();
  }

  private static JsonNode randomJson(Random r, int depth) {
    int kind = r.nextInt(depth > 4 ? 7 : 10);
    switch (kind) {
      case 0:
        return F.nullNode();
      case 1:
        return F.booleanNode(r.nextBoolean());
      case 2:
        return r.nextBoolean() ? F.numberNode(r.nextInt()) : F.numberNode(r.nextDouble() * 1e12);
      case 3:
        return r.nextBoolean()
            ? F.numberNode(new BigInteger(80, r))
            : F.numberNode(new BigDecimal(r.nextGaussian()));
      case 4:
      case 5:
      case 6:
        return F.textNode(randomString(r));
      case 7:
        {
          ArrayNode a = F.arrayNode();
          for (int i = r.nextInt(5); i > 0; i--) {
            a.add(randomJson(r, depth + 1));
          }
          return a;
        }
      default:
        return randomObject(r, depth + 1);
    }
  }

  private static ObjectNode randomObject(Random r, int depth) {
    ObjectNode o = F.objectNode();
    for (int i = r.nextInt(8); i > 0; i--) {
      String key = r.nextInt(5) == 0 ? randomString(r) : KEYS[r.nextInt(KEYS.length)];
      o.set(key, randomJson(r, depth));
    }
    return o;
  }

  private static JsonNode randomRaw(Random r) {
    // Mostly objects, as IdPs send; sometimes anything at all.
    return r.nextInt(10) == 0 ? randomJson(r, 0) : randomObject(r, 0);
  }

  private static DirectoryUser randomUser(Random r, String id) {
    DirectoryUser.Builder b =
        DirectoryUser.builder()
            .id(id)
            .username(r.nextInt(20) == 0 ? "" : randomString(r))
            .active(r.nextBoolean())
            .raw(randomRaw(r));
    if (r.nextBoolean()) {
      b.email(randomString(r));
    }
    if (r.nextBoolean()) {
      b.displayName(randomString(r));
    }
    if (r.nextBoolean()) {
      b.givenName(randomString(r));
    }
    if (r.nextBoolean()) {
      b.managerId(randomString(r));
    }
    return b.build();
  }

  private static MappingInput randomInput(Random r) {
    MappingInput.Builder in = MappingInput.builder().user(randomUser(r, "u" + r.nextInt(1000)));
    for (int i = r.nextInt(4); i > 0; i--) {
      DirectoryGroup.Builder g =
          DirectoryGroup.builder().id("g" + r.nextInt(20)).name(randomString(r));
      if (r.nextInt(3) == 0) {
        g.raw(r.nextBoolean() ? MappingTests.json("{\"usersyncKind\":\"role\"}") : randomJson(r, 3));
      }
      in.addGroups(g.build());
    }
    if (r.nextBoolean()) {
      in.manager(randomUser(r, "m" + r.nextInt(100)));
    }
    if (r.nextBoolean()) {
      in.photoFingerprint(randomString(r));
    }
    return in.build();
  }

  private static final UserMapping RICH =
      UserMapping.builder()
          .username("firstOf(userPrincipalName | guestUpnToEmail, profile.login, $username) | lower | trim")
          .email("mail ?? emails[primary=true].value ?? emails[*].value | first | lower")
          .displayName("template('{profile.login | upper} {$manager.displayName} {attributes.phone[0]}')")
          .active("accountEnabled | whenEmpty(default('true'))")
          .lookup("t", Map.of("a", "A", "ü", "U"))
          .attribute("a", "department | lookup(t) | default('none')")
          .attribute("b", "customSchemas.HR.costCenter | replace('(\\w)(\\w*)', '$2$1') | ascii | truncate(5)")
          .attribute("c", "attributes[\"x.y\"] | split(',') | trim | all")
          .attribute("d", "$groups | join(';') | whenEmpty(keep)")
          .attribute("e", "status | oneOf('ACTIVE') | not")
          .attribute("f", "$manager.raw.profile.login ?? $manager.email | stripDomain | upper")
          .attribute("g", "emails[type='work'][0].value | whenEmpty(skip)")
          .attribute("h", "profile | whenEmpty(clear)")
          .attribute("i", "$photo ?? $roles | join")
          .groups(
              GroupRules.builder()
                  .roles(GroupRules.Roles.INCLUDE)
                  .drop(".*x.*")
                  .replace("[^a-z]", "")
                  .prefix("p-")
                  .build())
          .manager(true)
          .photo(true)
          .build();

  @Test
  void randomUsersYieldAnOutcomeOrAMappingError() {
    Random r = new Random(20240501L);
    int outcomes = 0;
    int errors = 0;
    for (int i = 0; i < 3000; i++) {
      MappingInput in = randomInput(r);
      try {
        if (RICH.map(in) != null) {
          outcomes++;
        }
      } catch (MappingException expected) {
        errors++;
      } catch (RuntimeException | StackOverflowError e) {
        fail("iteration " + i + " threw " + e + " for " + in.user().raw(), e);
      }
      RICH.explain(in); // never throws: errors are part of the explanation
      for (DirectoryGroup g : in.groups()) {
        RICH.hostGroupName(g);
      }
    }
    // Both kinds must occur, or the generator is not exercising the engine.
    org.assertj.core.api.Assertions.assertThat(outcomes).isGreaterThan(100);
    org.assertj.core.api.Assertions.assertThat(errors).isGreaterThan(10);
  }

  @Test
  void randomRuleTextsCompileOrFailWithAPositionAndThenMapSafely() {
    Random r = new Random(42L);
    List<MappingInput> inputs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      inputs.add(randomInput(r));
    }
    int compiled = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = 1 + r.nextInt(7); n > 0; n--) {
        text.append(TOKENS[r.nextInt(TOKENS.length)]);
      }
      UserMapping m;
      try {
        m = UserMapping.builder().lookup("t", Map.of("x", "y")).attribute("x", text.toString()).build();
      } catch (MappingException e) {
        int pos = e.position().orElse(0);
        if (pos < 0 || pos > text.length()) {
          fail("position " + pos + " outside '" + text + "': " + e.getMessage());
        }
        continue;
      } catch (RuntimeException e) {
        fail("compiling '" + text + "' threw " + e, e);
        return;
      }
      compiled++;
      for (MappingInput in : inputs) {
        try {
          m.map(in);
        } catch (MappingException expected) {
          // fine
        } catch (RuntimeException e) {
          fail("'" + text + "' threw " + e + " for " + in.user().raw(), e);
        }
      }
    }
    org.assertj.core.api.Assertions.assertThat(compiled).isGreaterThan(1000);
  }
}
