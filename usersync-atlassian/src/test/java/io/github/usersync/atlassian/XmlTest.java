package io.github.usersync.atlassian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.atlassian.internal.Xml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The XML parser refuses DOCTYPEs, so no entity (external or expanding) reaches it. */
class XmlTest {
  @Test
  void anExternalEntityIsRefused() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<memberships><membership group=\"&x;\"/></memberships>";

    assertThatThrownBy(() -> Xml.parse(xxe.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("DOCTYPE");
    assertThat(Xml.parseIfAny(xxe.getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void entityExpansionIsRefused() {
    String bomb = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><l>&b;</l>";

    assertThatThrownBy(() -> Xml.parse(bomb.getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
  }

  @Test
  void crowdErrorsInXmlAreRead() throws IOException {
    Document d = Xml.parse("<error><reason>USER_NOT_FOUND</reason><message>User &lt;x&gt; does not exist</message></error>"
        .getBytes(StandardCharsets.UTF_8));

    assertThat(Xml.childText(d.getDocumentElement(), "reason")).isEqualTo("USER_NOT_FOUND");
    assertThat(Xml.childText(d.getDocumentElement(), "message")).isEqualTo("User <x> does not exist");
  }
}
