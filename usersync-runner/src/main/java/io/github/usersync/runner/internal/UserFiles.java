package io.github.usersync.runner.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.usersync.core.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The files a user hands the CLI (the config, the JSON-file host, the sync state): read strictly,
 * with messages that say what is wrong and where, and replaced atomically through temporary files
 * that a later run removes when a killed run left them.
 *
 * <p>Strict means: UTF-8 text (a binary or mis-encoded file is named with the offending byte),
 * every key once per object (YAML and JSON parsers otherwise keep the last of two, so {@code
 * missingUsers: keep} followed by {@code missingUsers: delete} would delete), and exactly one
 * document (trailing text after a JSON value, or a second YAML document, is refused).
 */
public final class UserFiles {
  /** JSON, strict about duplicate keys. */
  public static final ObjectMapper JSON = strict(new ObjectMapper());
  /** YAML (and so JSON, a subset), strict about duplicate keys. */
  public static final ObjectMapper YAML = strict(new ObjectMapper(new YAMLFactory()));

  private UserFiles() {}

  private static ObjectMapper strict(ObjectMapper m) {
    return m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /**
   * The text of {@code file}.
   *
   * @param maxBytes the largest file accepted (a config pointed at a disk image fails plainly)
   * @param fail turns what is wrong ({@code "is not UTF-8 text (…)"}) into the exception to throw
   */
  public static String read(Path file, long maxBytes, Failure fail) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) (Math.min(Integer.MAX_VALUE - 9L, maxBytes) + 1));
    } catch (IOException e) {
      throw fail.of(unreadable(file, e), e);
    }
    if (bytes.length > maxBytes) {
      throw fail.of(
          "is larger than " + maxBytes / (1024 * 1024) + " MiB; is it the right file?", null);
    }
    return decode(bytes, fail);
  }

  /** Why a file could not be read, in words: {@code cannot be read: permission denied}. */
  public static String unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return "does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "cannot be read: permission denied (check the file's owner and mode, and those of its"
          + " directory)";
    }
    if (Files.isDirectory(file)) {
      return "is a directory, not a file";
    }
    return "cannot be read: " + e.getMessage();
  }

  /** UTF-8 text without NUL characters; a leading byte-order mark is dropped. */
  public static String decode(byte[] bytes, Failure fail) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    int bad = result.isError() ? in.position() : bytes.length;
    for (int i = 0; i < bad; i++) {
      if (bytes[i] == 0) {
        bad = i; // binary: a NUL before any encoding error
        break;
      }
    }
    if (bad < bytes.length) {
      throw fail.of(
          String.format(
              Locale.ROOT,
              "is not UTF-8 text (byte 0x%02X at offset %d); is it the right file? It must be"
                  + " saved as UTF-8",
              bytes[bad] & 0xff,
              bad),
          null);
    }
    out.flip();
    String text = out.toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /**
   * The one document in {@code text}; {@code null} when the text holds none.
   *
   * @param format the format's name for messages: {@code JSON} or {@code JSON or YAML}
   * @param fail turns what is wrong ({@code "has the key 'x' twice (…)"}) into the exception
   */
  public static @Nullable JsonNode parse(ObjectMapper mapper, String text, String format, Failure fail) {
    try {
      return parse(mapper, mapper.createParser(text), format, fail);
    } catch (IOException e) {
      throw fail.of("cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * The one document in {@code file}, read as a stream (a host file can be large); {@code null}
   * when the file holds none.
   */
  public static @Nullable JsonNode parse(ObjectMapper mapper, Path file, String format, Failure fail) {
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (IOException e) {
      throw fail.of(unreadable(file, e), e);
    }
    try (in) {
      return parse(mapper, mapper.createParser(in), format, fail);
    } catch (IOException e) {
      throw fail.of(unreadable(file, e), e);
    }
  }

  private static @Nullable JsonNode parse(
      ObjectMapper mapper, JsonParser parser, String format, Failure fail) throws IOException {
    try (JsonParser p = parser) {
      JsonNode root = mapper.readTree(p);
      if (root != null && root.isMissingNode()) {
        return null;
      }
      JsonToken next;
      JsonLocation at = p.currentTokenLocation();
      try {
        next = p.nextToken();
        at = p.currentTokenLocation();
      } catch (JsonProcessingException e) {
        next = JsonToken.NOT_AVAILABLE;
        at = e.getLocation() == null ? at : e.getLocation();
      }
      if (next != null) {
        throw fail.of(
            "has more after its " + format + " document (at " + where(at)
                + "); it must hold exactly one document",
            null);
      }
      return root;
    } catch (JsonProcessingException e) {
      String duplicate = duplicateKey(e);
      if (duplicate != null) {
        throw fail.of(
            "has the key '" + duplicate + "' twice (again at " + where(e.getLocation())
                + "); remove one: usersync does not guess which one is meant",
            e);
      }
      throw fail.of(
          "is not valid " + format + " (" + e.getOriginalMessage() + " at "
              + where(e.getLocation()) + ")",
          e);
    }
  }

  private static String where(@Nullable JsonLocation at) {
    if (at == null || at.getLineNr() < 1) {
      return "the end";
    }
    return "line " + at.getLineNr() + (at.getColumnNr() > 0 ? ", column " + at.getColumnNr() : "");
  }

  /** The duplicate key's path ({@code policy.missingUsers}) when that is what {@code e} is. */
  private static @Nullable String duplicateKey(JsonProcessingException e) {
    if (!(e.getProcessor() instanceof JsonParser)
        || !String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
      return null;
    }
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = ((JsonParser) e.getProcessor()).getParsingContext();
        c != null && !c.inRoot();
        c = c.getParent()) {
      parts.addFirst(c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
    }
    String path = String.join("", parts);
    return path.startsWith(".") ? path.substring(1) : path;
  }

  /** Makes the exception to throw from what is wrong with a file, in words, and the cause. */
  public interface Failure {
    /** The exception for {@code what}. */
    ConfigurationException of(String what, @Nullable Throwable cause);
  }

  // ---- replacing files ----

  /** A new, empty temporary file beside {@code file} ({@code .host.json.<digits>.tmp}). */
  public static Path temporaryBeside(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    return Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
  }

  /**
   * Removes the temporary files beside {@code file} that a run killed between writing one and
   * renaming it left behind. Only names {@link #temporaryBeside} makes are touched.
   *
   * @return how many were removed
   */
  public static int removeLeftovers(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return 0;
    }
    // .NAME.<digits>.tmp, and .NAME<digits>.tmp as the sync state file's were named before
    Pattern leftover =
        Pattern.compile("\\." + Pattern.quote(file.getFileName().toString()) + "\\.?[0-9]+\\.tmp");
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (leftover.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
          try {
            Files.delete(p);
            removed++;
          } catch (IOException e) {
            // still there: harmless, the next write uses a new name
          }
        }
      }
    } catch (IOException e) {
      // an unlistable directory: the write that follows reports it
    }
    return removed;
  }
}
