package dev.jgu.adapters.servlet.webapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A deployment descriptor read into a DOM whose elements remember their line. Elements are
 * matched by local name, so the javaee, jakartaee and namespace-less schemas all read the same.
 * The DTD of an old {@code web-app_2_3} file is never fetched and external entities are never
 * resolved: the file comes from the app, the parser must not reach the network or the disk.
 */
final class XmlDocument {

    private static final String LINE = "line";

    private XmlDocument() {
    }

    /**
     * @param in the descriptor's bytes
     * @param source how errors name the file, e.g. {@code WEB-INF/web.xml}
     * @return the root element
     * @throws WebappException when the XML is malformed or unreadable
     */
    static Element parse(InputStream in, String source) throws WebappException {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            SAXParser parser = factory.newSAXParser();
            Builder builder = new Builder();
            parser.parse(new InputSource(in), builder);
            return builder.document.getDocumentElement();
        } catch (SAXParseException e) {
            throw new WebappException(source + " line " + e.getLineNumber() + ": malformed XML: " + e.getMessage(), e);
        } catch (SAXException | ParserConfigurationException e) {
            throw new WebappException(source + ": cannot parse: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new WebappException(source + ": cannot read: " + e, e);
        }
    }

    /** @return the line the element started on, or 0 when unknown */
    static int line(Node node) {
        return node.getUserData(LINE) instanceof Integer line ? line : 0;
    }

    /** @return the element children of {@code parent}, in order */
    static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e);
            }
        }
        return children;
    }

    /** @return the element children of {@code parent} called {@code name}, in order */
    static List<Element> children(Element parent, String name) {
        return children(parent).stream().filter(e -> name.equals(name(e))).toList();
    }

    /** @return the first child called {@code name}, or null */
    static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.getFirst();
    }

    /** @return the trimmed text of the first child called {@code name}, or null when absent */
    static String childText(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? null : text(child);
    }

    /** @return the element's trimmed text */
    static String text(Element element) {
        return element.getTextContent().trim();
    }

    /** @return the element's local name (its name when the document has no namespaces) */
    static String name(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }

    /**
     * The conversions below read an element's text as a typed value; null (or {@code absent})
     * when the element is missing, a {@link WebappException} naming file, line, element, value
     * and the expected type when the text does not fit.
     */
    static Integer integer(Element e, String source) throws WebappException {
        if (e == null || text(e).isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(text(e));
        } catch (NumberFormatException bad) {
            throw new WebappException(valueError(e, source, "an integer"), bad);
        }
    }

    static Long longValue(Element e, String source) throws WebappException {
        if (e == null || text(e).isEmpty()) {
            return null;
        }
        try {
            return Long.valueOf(text(e));
        } catch (NumberFormatException bad) {
            throw new WebappException(valueError(e, source, "an integer"), bad);
        }
    }

    static boolean bool(Element e, boolean absent, String source) throws WebappException {
        if (e == null) {
            return absent;
        }
        return switch (text(e)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new WebappException(valueError(e, source, "true or false"));
        };
    }

    private static String valueError(Element e, String source, String expected) {
        return at(e, source) + ": <" + name(e) + ">" + text(e) + "</" + name(e) + ">: expected " + expected;
    }

    /** @return {@code <source> line <n>}, how messages say where an element is */
    static String at(Element e, String source) {
        return source + " line " + line(e);
    }

    /** Builds the DOM from SAX events, which carry the line numbers DOM parsing drops. */
    private static final class Builder extends DefaultHandler {
        private final Document document;
        private final Deque<Node> open = new ArrayDeque<>();
        private Locator locator;

        Builder() throws ParserConfigurationException {
            document = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            open.push(document);
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public InputSource resolveEntity(String publicId, String systemId) {
            return new InputSource(new StringReader(""));
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            Element element = document.createElementNS(uri == null || uri.isEmpty() ? null : uri, qName);
            for (int i = 0; i < attributes.getLength(); i++) {
                String attrUri = attributes.getURI(i);
                element.setAttributeNS(attrUri == null || attrUri.isEmpty() ? null : attrUri,
                        attributes.getQName(i), attributes.getValue(i));
            }
            element.setUserData(LINE, locator == null ? 0 : locator.getLineNumber(), null);
            open.peek().appendChild(element);
            open.push(element);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            open.pop();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            open.peek().appendChild(document.createTextNode(new String(ch, start, length)));
        }
    }
}
