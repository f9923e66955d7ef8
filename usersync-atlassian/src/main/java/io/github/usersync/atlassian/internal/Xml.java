package io.github.usersync.atlassian.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The JDK's XML parser, locked down for answers from a server: secure processing on, DOCTYPE
 * declarations refused (so no external entity, no entity expansion), no external DTD or schema,
 * no XInclude. Used for Crowd's XML-only {@code /group/membership} and XML error bodies.
 */
public final class Xml {
  private Xml() {}

  /**
   * Parses a document.
   *
   * @throws IOException if the body is not well-formed XML or declares a DOCTYPE
   */
  public static Document parse(byte[] body) throws IOException {
    try {
      return builder().parse(new ByteArrayInputStream(body));
    } catch (SAXException e) {
      throw new IOException("not well-formed XML or a DOCTYPE was declared: " + e.getMessage(), e);
    }
  }

  /** The document, or empty when the body is not (safe, well-formed) XML. */
  public static Optional<Document> parseIfAny(byte[] body) {
    if (body.length == 0 || firstNonSpace(body) != '<') {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(body));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The direct child elements of {@code parent} named {@code name}. */
  public static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && name.equals(localName(n))) {
        out.add((Element) n);
      }
    }
    return out;
  }

  /** The text of the first child element named {@code name}, or null. */
  public static @Nullable String childText(Element parent, String name) {
    List<Element> c = children(parent, name);
    return c.isEmpty() ? null : c.get(0).getTextContent();
  }

  private static String localName(Node n) {
    String local = n.getLocalName();
    return local != null ? local : n.getNodeName();
  }

  private static int firstNonSpace(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
        return b;
      }
    }
    return -1;
  }

  private static DocumentBuilder builder() throws IOException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    try {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(true);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b;
    } catch (ParserConfigurationException e) {
      throw new IOException("the JDK's XML parser cannot be configured securely: " + e.getMessage(), e);
    }
  }
}
