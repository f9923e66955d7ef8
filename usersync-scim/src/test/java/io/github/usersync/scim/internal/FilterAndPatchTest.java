package io.github.usersync.scim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The filter grammar (RFC 7644 §3.4.2.2) and PATCH semantics (§3.5.2) on their own. */
class FilterAndPatchTest {
  private static ObjectNode json(String s) {
    try {
      return (ObjectNode) ScimJson.MAPPER.readTree(s.replace('\'', '"'));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final ObjectNode USER = json("{'id':'a1','userName':'Bjensen','externalId':'X1','active':true,"
      + "'name':{'givenName':'Barbara'},'emails':[{'value':'b@work.com','type':'work'},{'value':'b@home.com','type':'home'}],"
      + "'meta':{'lastModified':'2025-01-02T00:00:00Z'},"
      + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'department':'R&D','manager':{'value':'m1'}}}");

  private static boolean matches(String filter) {
    return Filter.parse(filter).matches(USER);
  }

  @Test
  void filtersFollowTheRfc() {
    assertThat(matches("userName eq \"bjensen\"")).as("userName is not case-exact").isTrue();
    assertThat(matches("externalId eq \"x1\"")).as("externalId is case-exact").isFalse();
    assertThat(matches("externalId eq X1")).as("an unquoted value, as Microsoft writes it").isTrue();
    assertThat(matches("name.givenName sw \"Bar\" and active eq true")).isTrue();
    assertThat(matches("emails[type eq \"work\" and value co \"@work\"]")).isTrue();
    assertThat(matches("emails[type eq \"work\"].value eq \"b@home.com\"")).isFalse();
    assertThat(matches("emails.value ew \"home.com\"")).isTrue();
    assertThat(matches("not (userName eq \"bjensen\") or title pr")).isFalse();
    assertThat(matches("title pr or (userName ne \"x\" and meta.lastModified gt \"2025-01-01T00:00:00Z\")")).isTrue();
    assertThat(matches("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"r&d\"")).isTrue();
    assertThat(matches("manager eq \"m1\"")).as("an enterprise attribute without its URN, by its value").isTrue();
    assertThat(matches("USERNAME Eq \"Bjensen\"")).isTrue();
    assertThatThrownBy(() -> Filter.parse("userName eq")).isInstanceOf(ScimException.class)
        .hasMessageContaining("value is missing");
    assertThatThrownBy(() -> Filter.parse("(userName eq \"a\"")).hasMessageContaining("missing ')'");
  }

  @Test
  void patchAddsReplacesAndRemoves() {
    ObjectNode r = USER.deepCopy();
    Patch.apply(r, json("{'Operations':[{'op':'add','path':'emails','value':[{'value':'c@x.com','type':'other'}]},"
        + "{'op':'Add','path':'emails','value':[{'value':'c@x.com','type':'other'}]},"
        + "{'op':'replace','path':'emails[type eq \\\"home\\\"].value','value':'h@x.com'},"
        + "{'op':'remove','path':'emails[type eq \\\"work\\\"]'},"
        + "{'op':'replace','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department','value':'Ops'},"
        + "{'op':'remove','path':'name.givenName'},"
        + "{'op':'replace','path':'active','value':'False'}]}"));
    JsonNode emails = r.get("emails");
    assertThat(emails).hasSize(2);
    assertThat(emails.get(0).get("value").asText()).isEqualTo("h@x.com");
    assertThat(r.get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").get("department").asText()).isEqualTo("Ops");
    assertThat(r.get("name").has("givenName")).isFalse();
    assertThat(r.get("active").isBoolean()).isTrue();
    assertThat(r.get("active").asBoolean()).isFalse();

    assertThatThrownBy(() -> Patch.apply(r, json("{'Operations':[{'op':'remove'}]}")))
        .isInstanceOf(ScimException.class).hasMessageContaining("needs a path");
    assertThatThrownBy(() -> Patch.apply(r, json("{'Operations':[{'op':'replace','path':'id','value':'zz'}]}")))
        .hasMessageContaining("read-only");
    assertThatThrownBy(() -> Patch.apply(r, json("{'Operations':[{'op':'move','path':'a'}]}")))
        .hasMessageContaining("unknown PATCH op");
    assertThatThrownBy(() -> Patch.apply(r, json("{'Operations':[{'op':'replace','path':'active','value':'maybe'}]}")))
        .hasMessageContaining("true or false");
  }

  @Test
  void usersAreStoredWithoutPasswordsNullsOrStrayEnterpriseAttributes() {
    ObjectNode r = json("{'userName':'a','password':'secret-pw','title':null,'department':'Sales',"
        + "'manager':[{'$ref':'x','value':'m2'}],'active':'True'}");
    ScimDirectory.normaliseUser(r);
    assertThat(r.toString()).doesNotContain("secret-pw").doesNotContain("title");
    JsonNode ext = r.get(Schemas.ENTERPRISE);
    assertThat(ext.get("department").asText()).isEqualTo("Sales");
    assertThat(ext.get("manager").get("value").asText()).isEqualTo("m2");
    assertThat(r.get("active").asBoolean()).isTrue();
    assertThat(r.get("schemas").toString()).contains(Schemas.USER, Schemas.ENTERPRISE);
  }
}
